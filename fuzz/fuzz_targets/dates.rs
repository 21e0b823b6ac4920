//! Fuzz target `dates`: the temporal-expression normaliser
//! (`marsad_annotations::stages::times`) and the publication-date parser.
//!
//! Random bytes seldom spell an Arabic date, so most of the input picks
//! words from a vocabulary of date words (month names of every family,
//! weekdays, Hijri months, numerals in three scripts, relative and
//! vague words, separators), and the first bytes pick the publication
//! date (or none). The rest of the input is also read as a raw
//! publication-date string.
//!
//! Checks: no panic; every time's span slices back to its text (bytes and
//! chars); every value has one of the documented shapes (see
//! `crates/annotations/src/times/mod.rs`) and every calendar date in it
//! exists (31 فبراير must give no value, never `2020-02-31`); an interval
//! does not end before it starts; a time without a value says why; a
//! publication date that parses prints as a date that parses back equal.

#![no_main]

use jiff::civil::Date;
use libfuzzer_sys::fuzz_target;
use marsad_annotations::stages;
use marsad_article::parse_published;
use marsad_text::Document;

const WORDS: &[&str] = &[
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "ابريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
    "كانون الثاني",
    "شباط",
    "آذار",
    "نيسان",
    "أيار",
    "حزيران",
    "تموز",
    "آب",
    "أيلول",
    "تشرين الأول",
    "تشرين الثاني",
    "كانون الأول",
    "جانفي",
    "فيفري",
    "أفريل",
    "ماي",
    "جوان",
    "جويلية",
    "أوت",
    "محرم",
    "صفر",
    "ربيع الأول",
    "جمادى الآخرة",
    "رجب",
    "شعبان",
    "رمضان",
    "شوال",
    "ذو القعدة",
    "ذي الحجة",
    "هـ",
    "م",
    "الهجري",
    "الميلادي",
    "الأحد",
    "الاثنين",
    "الثلاثاء",
    "الأربعاء",
    "الخميس",
    "الجمعة",
    "السبت",
    "يوم",
    "أيام",
    "يومين",
    "أسبوع",
    "الأسبوع",
    "أسابيع",
    "شهر",
    "الشهر",
    "أشهر",
    "شهرين",
    "عام",
    "العام",
    "أعوام",
    "سنة",
    "السنة",
    "سنوات",
    "ساعة",
    "ساعات",
    "دقيقة",
    "دقائق",
    "القرن",
    "العقد",
    "الماضي",
    "الماضية",
    "المقبل",
    "المقبلة",
    "القادم",
    "الحالي",
    "الجاري",
    "أمس",
    "البارحة",
    "غدا",
    "اليوم",
    "الليلة",
    "صباح",
    "مساء",
    "ظهر",
    "فجر",
    "قبل",
    "بعد",
    "منذ",
    "خلال",
    "حتى",
    "من",
    "إلى",
    "في",
    "مطلع",
    "بداية",
    "منتصف",
    "نهاية",
    "أواخر",
    "أوائل",
    "مؤخرا",
    "حاليا",
    "الآن",
    "قريبا",
    "كل",
    "يوميا",
    "سنويا",
    "الثمانينيات",
    "التسعينات",
    "ثلاثة",
    "عشرة",
    "عشرين",
    "بضعة",
    "عدة",
    "الأول",
    "الثاني",
    "الثالث",
    "الساعة",
    "والنصف",
    "إلا ربعا",
    "بتوقيت",
    "غرينتش",
    "0",
    "1",
    "2",
    "7",
    "9",
    "12",
    "13",
    "24",
    "29",
    "30",
    "31",
    "32",
    "60",
    "99",
    "100",
    "1439",
    "1445",
    "1900",
    "1980",
    "2018",
    "2020",
    "2024",
    "9999",
    "10000",
    "99999999999999999999",
    "٣١",
    "٢٠٢٠",
    "١٤٣٩",
    "۲۰۱۸",
    "۳۱",
    "/",
    "-",
    ".",
    ":",
    "،",
    "(",
    ")",
    "«",
    "»",
    "\n",
    "و",
    "ب",
    "ل",
    "ف",
];

fuzz_target!(|bytes: &[u8]| {
    if bytes.len() < 3 {
        return;
    }
    // Publication: none, or a day from 1900 to 2079.
    let days = i32::from(u16::from_le_bytes([bytes[0], bytes[1]])) % 65_000;
    let published = (bytes[2] & 1 == 1).then(|| Date::constant(1900, 1, 1) + jiff::Span::new().days(days));
    let mut text = String::new();
    for &b in &bytes[3..] {
        match WORDS.get(usize::from(b)) {
            Some(w) => {
                text.push_str(w);
                text.push(' ');
            }
            // The bytes past the vocabulary glue words or add Latin noise.
            None if b % 2 == 0 => text.push(' '),
            None => text.push(char::from(b'a' + b % 26)),
        }
    }
    if let Ok(raw) = std::str::from_utf8(&bytes[3..]) {
        if let Ok(d) = parse_published(raw) {
            assert_eq!(parse_published(&d.to_string()).ok(), Some(d), "{raw:?} → {d} does not read back");
        }
    }
    let original = text.as_str();
    for t in &stages::times(&Document::new(original), published) {
        let s = &t.span;
        assert_eq!(original.get(s.start..s.end), Some(s.text.as_str()), "time span does not slice back: {t:?}");
        assert_eq!(original[..s.start].chars().count(), s.cstart, "cstart: {t:?}");
        assert_eq!(original[..s.end].chars().count(), s.cend, "cend: {t:?}");
        match &t.value {
            Some(v) => assert!(shape_ok(v), "value {v:?} has no documented shape: {t:?} in {original:?}"),
            None => assert!(t.reason.is_some(), "a time without a value says why: {t:?}"),
        }
    }
});

/// One of the documented value shapes, with real calendar dates.
fn shape_ok(v: &str) -> bool {
    if let Some((a, b)) = v.split_once('/') {
        return match (day(a), day(b)) {
            (Some(a), Some(b)) => a <= b,
            _ => false,
        };
    }
    matches!(v, "PAST_REF" | "PRESENT_REF" | "FUTURE_REF")
        || duration(v)
        || day(v).is_some()
        || clock(v)
        || month(v)
        || week(v)
        || part_of_year(v)
        || digits(v, 4)
        || digits(v, 3)
        || habit(v)
}

fn digits(s: &str, n: usize) -> bool {
    s.len() == n && s.bytes().all(|b| b.is_ascii_digit())
}

fn number(s: &str, lo: u32, hi: u32) -> bool {
    s.len() == 2 && s.parse::<u32>().is_ok_and(|n| (lo..=hi).contains(&n))
}

fn day(s: &str) -> Option<Date> {
    (s.len() == 10).then(|| s.parse::<Date>().ok()).flatten()
}

fn month(s: &str) -> bool {
    s.split_once('-').is_some_and(|(y, m)| digits(y, 4) && number(m, 1, 12))
}

fn week(s: &str) -> bool {
    s.split_once("-W").is_some_and(|(y, w)| digits(y, 4) && number(w, 1, 53))
}

/// `2018-H2` (a half) or `2017-FA` (a season: `SP` `SU` `FA` `WI`).
fn part_of_year(s: &str) -> bool {
    s.split_once('-').is_some_and(|(y, p)| digits(y, 4) && matches!(p, "H1" | "H2" | "SP" | "SU" | "FA" | "WI"))
}

fn clock(s: &str) -> bool {
    s.split_once('T').is_some_and(|(d, hm)| {
        day(d).is_some() && hm.split_once(':').is_some_and(|(h, m)| number(h, 0, 23) && number(m, 0, 59))
    })
}

/// `XXXX-WXX-5` (a weekday, every week) or `XXXX-06` (a month, every year).
fn habit(s: &str) -> bool {
    match s.strip_prefix("XXXX-") {
        Some(rest) => match rest.strip_prefix("WXX-") {
            Some(d) => d.len() == 1 && d.bytes().all(|b| (b'1'..=b'7').contains(&b)),
            None => number(rest, 1, 12),
        },
        None => false,
    }
}

/// `P3D`, `PXY`, `PT5H`, `P1D` …
fn duration(s: &str) -> bool {
    let Some(rest) = s.strip_prefix('P') else { return false };
    let (rest, units) = match rest.strip_prefix('T') {
        Some(r) => (r, "HMS"),
        None => (rest, "DWMY"),
    };
    let Some(unit) = rest.chars().last() else { return false };
    let count = &rest[..rest.len() - unit.len_utf8()];
    units.contains(unit) && !count.is_empty() && (count == "X" || count.bytes().all(|b| b.is_ascii_digit()))
}
