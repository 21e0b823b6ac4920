//! The words of Arabic time expressions, keyed by the text core's matching
//! key without the article (hamza, alef maqsura and taa marbuta folded), so
//! one entry covers يونيو/يونيه written any way and with any clitic.

use rustc_hash::FxHashMap as HashMap;
use std::sync::LazyLock;

use marsad_text::chars::key_of;

fn table<V: Copy>(rows: &[(&[&str], V)]) -> HashMap<String, V> {
    rows.iter().flat_map(|(ws, v)| ws.iter().map(move |w| (key_of(w), *v))).collect()
}

/// A Gregorian month name of one word: Western (يناير), Levantine (شباط)
/// and Maghrebi (جانفي) families. `true` when the word is also a common
/// word or name (آب father, مارس practised, ماي) and needs a day, a year or
/// a paired name beside it to count.
pub(crate) static MONTHS: LazyLock<HashMap<String, (u8, bool)>> = LazyLock::new(|| {
    table(&[
        (&["يناير", "جانفي"], (1, false)),
        (&["فبراير", "شباط", "فيفري"], (2, false)),
        (&["آذار"], (3, false)),
        (&["مارس"], (3, true)),
        (&["أبريل", "إبريل", "نيسان", "أفريل", "ابريل"], (4, false)),
        (&["مايو", "أيار"], (5, false)),
        (&["ماي"], (5, true)),
        (&["يونيو", "يونيه", "حزيران", "جوان"], (6, false)),
        (&["يوليو", "يوليه", "تموز", "جويلية", "جويليه"], (7, false)),
        (&["أغسطس", "أوت", "اغسطس"], (8, false)),
        (&["آب"], (8, true)),
        (&["سبتمبر", "أيلول"], (9, false)),
        (&["أكتوبر"], (10, false)),
        (&["نوفمبر"], (11, false)),
        (&["ديسمبر"], (12, false)),
    ])
});

/// Levantine months of two words: كانون الثاني، تشرين الأول. Arguments and
/// literals are matching keys (أول → اول), so nothing is allocated.
pub(crate) fn two_word_month(first: &str, second: &str) -> Option<u8> {
    let second = second.strip_prefix("ال").unwrap_or(second);
    match (first, second) {
        ("كانون", "ثاني") => Some(1),
        ("كانون", "اول") => Some(12),
        ("تشرين", "اول") => Some(10),
        ("تشرين", "ثاني") => Some(11),
        _ => None,
    }
}

/// Hijri months: the first word, and the second word when the name has two
/// (ربيع الأول، جمادى الآخرة، ذو الحجة), as matching keys. Every Hijri month
/// needs a day or a year beside it to count (صفر is also "zero").
pub(crate) fn hijri_month(first: &str, second: Option<&str>) -> Option<(u8, usize)> {
    let one = match first {
        "محرم" => Some(1),
        "صفر" => Some(2),
        "رجب" => Some(7),
        "شعبان" => Some(8),
        "رمضان" => Some(9),
        "شوال" => Some(10),
        _ => None,
    };
    if let Some(m) = one {
        return Some((m, 1));
    }
    let second = second?;
    let second = second.strip_prefix("ال").unwrap_or(second);
    let m = match (first, second) {
        ("ربيع", "اول") => 3,
        ("ربيع", "ثاني" | "اخر") => 4,
        ("جمادي", "اولي" | "اول") => 5,
        ("جمادي", "اخره" | "ثانيه" | "اخر") => 6,
        ("ذو" | "ذي", "قعده") => 11,
        ("ذو" | "ذي", "حجه") => 12,
        _ => return None,
    };
    Some((m, 2))
}

/// Epithets after a Hijri month (رمضان المبارك، ذي الحجة الحرام), as keys.
pub(crate) static HIJRI_EPITHETS: LazyLock<Vec<String>> =
    LazyLock::new(|| ["المبارك", "الكريم", "الفضيل", "المعظم", "الحرام"].iter().map(|w| key_of(w)).collect());

/// Weekdays (with the article), Sunday = 0.
pub(crate) static WEEKDAYS: LazyLock<HashMap<String, u8>> = LazyLock::new(|| {
    table(&[
        (&["الأحد"], 0u8),
        (&["الاثنين", "الإثنين"], 1),
        (&["الثلاثاء"], 2),
        (&["الأربعاء"], 3),
        (&["الخميس"], 4),
        (&["الجمعة"], 5),
        (&["السبت"], 6),
    ])
});

/// Units of time. The plural flag marks a plural form, which alone (منذ
/// سنوات) is a vague duration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Year,
    Decade,
    Century,
}

/// Unit words: (unit, count implied by the form: 1 singular, 2 dual, 0 plural).
pub(crate) static UNITS: LazyLock<HashMap<String, (Unit, u8)>> = LazyLock::new(|| {
    table(&[
        (&["دقيقة"], (Unit::Minute, 1)),
        (&["دقيقتين", "دقيقتان"], (Unit::Minute, 2)),
        (&["دقائق"], (Unit::Minute, 0)),
        (&["ساعة"], (Unit::Hour, 1)),
        (&["ساعتين", "ساعتان"], (Unit::Hour, 2)),
        (&["ساعات"], (Unit::Hour, 0)),
        (&["يوم", "يوما"], (Unit::Day, 1)),
        (&["يومين", "يومان"], (Unit::Day, 2)),
        (&["أيام"], (Unit::Day, 0)),
        (&["أسبوع", "أسبوعا"], (Unit::Week, 1)),
        (&["أسبوعين", "أسبوعان"], (Unit::Week, 2)),
        (&["أسابيع"], (Unit::Week, 0)),
        (&["شهر", "شهرا"], (Unit::Month, 1)),
        (&["شهرين", "شهران"], (Unit::Month, 2)),
        (&["أشهر", "شهور"], (Unit::Month, 0)),
        (&["سنة", "عام", "عاما", "سنه"], (Unit::Year, 1)),
        (&["سنتين", "سنتان", "عامين", "عامان"], (Unit::Year, 2)),
        (&["سنوات", "أعوام", "سنين"], (Unit::Year, 0)),
        (&["عقد", "عقدا"], (Unit::Decade, 1)),
        (&["عقدين", "عقدان"], (Unit::Decade, 2)),
        (&["عقود"], (Unit::Decade, 0)),
        (&["قرن", "قرنا"], (Unit::Century, 1)),
        (&["قرنين", "قرنان"], (Unit::Century, 2)),
        (&["قرون"], (Unit::Century, 0)),
    ])
});

/// Decades by their ordinal plural (الثمانينيات → the 1980s).
pub(crate) static DECADES: LazyLock<HashMap<String, u16>> = LazyLock::new(|| {
    table(&[
        (&["عشرينيات", "عشرينات"], 192u16),
        (&["ثلاثينيات", "ثلاثينات"], 193),
        (&["أربعينيات", "أربعينات"], 194),
        (&["خمسينيات", "خمسينات"], 195),
        (&["ستينيات", "ستينات"], 196),
        (&["سبعينيات", "سبعينات"], 197),
        (&["ثمانينيات", "ثمانينات"], 198),
        (&["تسعينيات", "تسعينات"], 199),
    ])
});

/// Words that place an expression in a part of its period.
pub(crate) static PARTS: LazyLock<HashMap<String, crate::contract::TimeMod>> = LazyLock::new(|| {
    use crate::contract::TimeMod::*;
    table(&[
        (&["مطلع", "أوائل", "بداية", "مستهل", "بدايات", "أول"], Start),
        (&["منتصف", "أواسط", "وسط"], Mid),
        (&["نهاية", "أواخر", "ختام", "آخر", "نهايات"], End),
    ])
});

/// Direction words after a unit or a month: past, current, next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Direction {
    Past,
    Current,
    Next,
}

pub(crate) static DIRECTIONS: LazyLock<HashMap<String, Direction>> = LazyLock::new(|| {
    use Direction::*;
    table(&[
        (
            &[
                "الماضي",
                "الماضية",
                "المنصرم",
                "المنصرمة",
                "الفائت",
                "الفائتة",
                "السابق",
                "السابقة",
                "الأخير",
                "الأخيرة",
                "الماضيين",
                "الماضيتين",
                "الأخيرين",
                "الأخيرتين",
            ],
            Past,
        ),
        (&["الجاري", "الجارية", "الحالي", "الحالية"], Current),
        (&["المقبل", "المقبلة", "القادم", "القادمة", "المقبلين", "المقبلتين", "القادمين", "القادمتين"], Next),
    ])
});

/// Words that make a clause future (a weekday after them is the next one).
pub(crate) static FUTURE_CUES: LazyLock<Vec<String>> = LazyLock::new(|| {
    ["سوف", "المقرر", "يعتزم", "تعتزم", "ينتظر", "يتوقع", "يرتقب", "سيتم", "ستتم"].iter().map(|w| key_of(w)).collect()
});

/// Vague references: word(s) → PAST_REF, PRESENT_REF, FUTURE_REF.
pub(crate) static VAGUE: LazyLock<Vec<(Vec<String>, &'static str)>> = LazyLock::new(|| {
    let rows: &[(&str, &str)] = &[
        ("مؤخرا", "PAST_REF"),
        ("الآونة الأخيرة", "PAST_REF"),
        ("وقت سابق", "PAST_REF"),
        ("في الماضي", "PAST_REF"),
        ("حاليا", "PRESENT_REF"),
        ("الآن", "PRESENT_REF"),
        ("الوقت الحالي", "PRESENT_REF"),
        ("الوقت الراهن", "PRESENT_REF"),
        ("قريبا", "FUTURE_REF"),
        ("المستقبل القريب", "FUTURE_REF"),
        ("وقت لاحق", "FUTURE_REF"),
        ("المستقبل", "FUTURE_REF"),
    ];
    rows.iter().map(|(w, v)| (w.split(' ').map(key_of).collect(), *v)).collect()
});

/// The first words of [`VAGUE`], article off, for a quick test.
pub(crate) static VAGUE_FIRST: LazyLock<rustc_hash::FxHashSet<String>> =
    LazyLock::new(|| VAGUE.iter().map(|(w, _)| w[0].strip_prefix("ال").unwrap_or(&w[0]).to_string()).collect());

/// Adverbs of frequency: a set with its period.
pub(crate) static FREQUENCIES: LazyLock<HashMap<String, &'static str>> =
    LazyLock::new(|| table(&[(&["يوميا"], "P1D"), (&["أسبوعيا"], "P1W"), (&["شهريا"], "P1M"), (&["سنويا"], "P1Y")]));

/// Stems without the article (see `Scan::bare`) that can start a time
/// expression: the first words of every pattern in `Scan::at`. A pattern
/// that starts on a new word must add it here.
pub(crate) static BARE_STARTS: LazyLock<rustc_hash::FxHashSet<&'static str>> = LazyLock::new(|| {
    let rows: &[(&str, &[&'static str])] = &[
        ("anaphor, relative", &["نفس", "ذات", "قبل", "بعد", "هذا", "هذه"]),
        ("part, approx", &["نصف", "نحو", "حوالي", "قرابه", "زهاء", "حوالى"]),
        ("clock", &["ساعه", "حاديه", "ثانيه"]),
        ("ordinal day", &["اول", "ثاني", "ثالث", "رابع", "خامس", "سادس", "سابع", "ثامن", "تاسع", "عاشر", "حادي"]),
        ("hijri", &["شهر", "محرم", "صفر", "رجب", "شعبان", "رمضان", "شوال", "ربيع", "جمادي", "ذو", "ذي"]),
        ("year, season", &["عام", "سنه", "عامي", "سنتي", "صيف", "خريف", "شتاء"]),
        ("weekday, deictic", &["صباح", "مساء", "ظهر", "فجر", "ليله", "عصر", "يوم", "امس", "غدا"]),
        ("duration", &["منذ", "لمده", "مده", "طيله", "طوال", "خلال", "لعده", "عده", "مرور"]),
        ("frequency", &["مره", "كل"]),
    ];
    let words = rows.iter().flat_map(|(_, ws)| ws.iter().copied());
    let hours = super::clock::HOURS.iter().map(String::as_str);
    let tables = UNITS.keys().chain(PARTS.keys()).chain(DECADES.keys()).chain(FREQUENCIES.keys()).map(String::as_str);
    words.chain(hours).chain(tables).collect()
});

/// Matching keys (article kept) that can start a time expression: weekdays,
/// deictic words and the first words of [`VAGUE`] with and without the article.
pub(crate) static KEY_STARTS: LazyLock<rustc_hash::FxHashSet<String>> = LazyLock::new(|| {
    let deictic = ["اليوم", "الغد", "الليله"].into_iter().map(String::from);
    let vague = VAGUE_FIRST.iter().flat_map(|v| [v.clone(), format!("ال{v}")]);
    WEEKDAYS.keys().cloned().chain(deictic).chain(vague).collect()
});

/// A bitset over a fingerprint of a word set's words (length, second and
/// last bytes): most words of a text are ruled out without hashing and
/// comparing strings. A word it holds must still be looked up.
pub(crate) struct Sieve([u64; 64]);

impl Sieve {
    fn bit(w: &str) -> usize {
        let b = w.as_bytes();
        let (second, last) = (b.get(1).copied().unwrap_or(0), b.last().copied().unwrap_or(0));
        let h = (b.len() as u32) ^ (u32::from(second) << 8) ^ (u32::from(last) << 16);
        (h.wrapping_mul(0x9E37_79B1) >> 20) as usize
    }

    fn of<'a>(words: impl IntoIterator<Item = &'a str>) -> Sieve {
        let mut bits = [0u64; 64];
        for w in words {
            let i = Sieve::bit(w);
            bits[i / 64] |= 1 << (i % 64);
        }
        Sieve(bits)
    }

    /// False when `w` is surely not in the set.
    #[inline]
    pub(crate) fn may_hold(&self, w: &str) -> bool {
        let i = Sieve::bit(w);
        (self.0[i / 64] >> (i % 64)) & 1 != 0
    }
}

/// [`BARE_STARTS`], sieved.
pub(crate) static BARE_SIEVE: LazyLock<Sieve> = LazyLock::new(|| Sieve::of(BARE_STARTS.iter().copied()));
/// [`KEY_STARTS`], sieved.
pub(crate) static KEY_SIEVE: LazyLock<Sieve> = LazyLock::new(|| Sieve::of(KEY_STARTS.iter().map(String::as_str)));
/// The one-word [`MONTHS`] and the first words of [`two_word_month`].
pub(crate) static MONTH_SIEVE: LazyLock<Sieve> =
    LazyLock::new(|| Sieve::of(MONTHS.keys().map(String::as_str).chain(["كانون", "تشرين"])));

#[cfg(test)]
mod sieve_tests {
    use super::*;

    #[test]
    fn sieves_hold_their_sets() {
        assert!(BARE_STARTS.iter().all(|w| BARE_SIEVE.may_hold(w)));
        assert!(KEY_STARTS.iter().all(|w| KEY_SIEVE.may_hold(w)));
        assert!(MONTHS.keys().all(|w| MONTH_SIEVE.may_hold(w)));
        for first in ["كانون", "تشرين"] {
            assert!(MONTH_SIEVE.may_hold(first) && two_word_month(first, "الثاني").is_some());
        }
    }
}
