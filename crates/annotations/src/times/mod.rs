//! Temporal expressions, normalised against the publication date.
//!
//! A left-to-right scan over the tokens' matching keys (so clitics and
//! spelling variants cost nothing): at each token the longest expression
//! that starts there wins. Hand-written because no library reads Arabic time
//! expressions: dateparser and HeidelTime miss the Levantine and Maghrebi
//! month families, Hijri dates and tense-resolved weekdays.
//!
//! Values: `2022-07-18`, `2020-04`, `2020`, halves `2018-H2`, seasons
//! `2017-FA` (`SP` `SU` `FA` `WI`), ISO weeks `2018-W09`, decades
//! `198` (the 1980s), clock times `2018-02-16T20:00`, Hijri months as
//! Gregorian intervals `2018-05-16/2018-06-14`, habitual days and months
//! `XXXX-WXX-5` `XXXX-06`, durations `P3D` `P2W` `P6M` `P1Y` `PT5H` (a vague
//! count is `X`: `PXY`), references `PAST_REF` `PRESENT_REF` `FUTURE_REF`,
//! sets `P1D` (daily). An impossible date (31 فبراير) keeps its span with no
//! value and a reason. Readings that need the other times of the text
//! (anaphors, clock days, habits) are settled afterwards, in [`discourse`].

mod clock;
mod discourse;
mod hijri;
mod lexicon;

use jiff::civil::Date;
use marsad_text::{Document, Proclitic, Token, TokenKind};

use crate::contract::{Span, Time, TimeKind, TimeMod};
use crate::numbers;
use lexicon::{Direction, Unit};

/// What an expression resolves to.
struct Found {
    end: usize,
    value: Result<String, String>,
    kind: TimeKind,
    modifier: Option<TimeMod>,
    pending: Pending,
}

/// What the rest of the text may still change in a value (see
/// [`discourse`]): the scan reads one expression at a time, some readings
/// need the times around it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Pending {
    None,
    /// A weekday (Sunday = 0) placed in the week of publication; in a
    /// habitual sentence (كل أسبوع، عادة) it is any such day.
    Weekday(u8),
    /// A month named without a year.
    Month(u8),
    /// A day of a month named without a year (month, day).
    DayMonth(u8, u8),
    /// A clock time (hour, minute) on the day the sentence speaks of.
    Clock(u8, u8),
    /// The same period as the last time mentioned (العام ذاته).
    Same(Unit),
    /// `n` units from the last time mentioned (قبلها بعام، اليوم التالي).
    Shift(Unit, i64),
}

impl Found {
    fn date(end: usize, value: Result<String, String>) -> Found {
        Found { end, value, kind: TimeKind::Date, modifier: None, pending: Pending::None }
    }
}

/// The scanner's view of a document.
struct Scan<'d, 'a> {
    doc: &'d Document<'a>,
    toks: &'d [Token],
    published: Option<Date>,
    /// Tokens inside actor names (اليوم السابع, إسرائيل اليوم): not times.
    blocked: &'d [bool],
    /// Every token's matching key, in one buffer (no allocation per lookup).
    mks: String,
    mk_ends: Vec<u32>,
    /// The number starting at each token, read once.
    nums: &'d [Option<numbers::Number>],
    /// Every token's [`Scan::bare`] form, computed once: each pattern
    /// tried at each token asks for it.
    bares: Vec<Option<&'d str>>,
    /// [`Scan::month_at`] per token, read once: asked at every token and
    /// again around each date.
    months: Vec<std::cell::OnceCell<Option<(u8, usize, bool)>>>,
}

/// Prepositions and particles before a time (في مارس، منذ 2011), as keys.
const PREPOSITIONS: [&str; 13] =
    ["في", "منذ", "حتى", "بحلول", "خلال", "قبل", "بعد", "من", "الي", "علي", "عن", "مع", "مطلع"];

const NEEDS_DATE: &str = "relative to the publication date, which is unknown";

impl<'d, 'a> Scan<'d, 'a> {
    fn new(
        doc: &'d Document<'a>,
        published: Option<Date>,
        blocked: &'d [bool],
        nums: &'d [Option<numbers::Number>],
    ) -> Self {
        let toks = doc.tokens();
        let mut mks = String::with_capacity(doc.layers().key().len());
        let mut mk_ends = Vec::with_capacity(toks.len());
        for t in toks {
            if matches!(t.kind, TokenKind::Arabic | TokenKind::Latin) {
                doc.match_key_into(t, &mut mks);
            }
            mk_ends.push(mks.len() as u32);
        }
        let bares = toks
            .iter()
            .map(|t| {
                matches!(t.kind, TokenKind::Arabic | TokenKind::Latin).then(|| {
                    let k = doc.stem_key(t);
                    k.strip_prefix("ال").unwrap_or(k)
                })
            })
            .collect();
        let months = vec![std::cell::OnceCell::new(); toks.len()];
        Scan { doc, toks, published, blocked, mks, mk_ends, nums, bares, months }
    }

    /// The token's stem key without the article.
    #[inline]
    fn bare(&self, i: usize) -> Option<&'d str> {
        self.bares.get(i).copied().flatten()
    }

    /// The token's matching key (clitics off, article kept).
    fn mk(&self, i: usize) -> Option<&str> {
        let t = self.toks.get(i).filter(|t| matches!(t.kind, TokenKind::Arabic | TokenKind::Latin))?;
        let _ = t;
        let start = if i == 0 { 0 } else { self.mk_ends[i - 1] as usize };
        self.mks.get(start..self.mk_ends[i] as usize)
    }

    fn has_article(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.clitics.has_article())
    }

    fn text(&self, i: usize) -> Option<&str> {
        self.toks.get(i).map(|t| self.doc.text(t))
    }

    /// Is token `i` the word `word` (given as a matching key: no hamza,
    /// ه for ة)?
    fn is(&self, i: usize, word: &str) -> bool {
        debug_assert_eq!(marsad_text::chars::key_of(word), word, "write the key form");
        self.bare(i) == Some(word)
    }

    fn direction(&self, i: usize) -> Option<Direction> {
        self.mk(i).and_then(|k| lexicon::DIRECTIONS.get(k).copied())
    }

    /// A plain number (digits or words) at `i`.
    fn number(&self, i: usize) -> Option<numbers::Number> {
        if self.blocked.get(i).copied().unwrap_or(true) {
            return None;
        }
        self.nums.get(i).copied().flatten()
    }

    /// A four-digit year at `i` (1..=9999 is checked when building values).
    fn year_at(&self, i: usize) -> Option<(i64, usize)> {
        let n = self.number(i).filter(|n| n.digits && n.value.fract() == 0.0)?;
        let text = self.text(i)?.trim_start_matches(['و', 'ف', 'ب', 'ل']);
        (n.end == i + 1 && text.chars().count() >= 3).then_some((n.value as i64, n.end))
    }

    /// A Gregorian month name at `i`: (month, tokens, ambiguous alone).
    fn month_at(&self, i: usize) -> Option<(u8, usize, bool)> {
        match self.months.get(i) {
            Some(cell) => *cell.get_or_init(|| self.read_month(i)),
            None => self.read_month(i),
        }
    }

    fn read_month(&self, i: usize) -> Option<(u8, usize, bool)> {
        let second = self.mk(i + 1);
        for b in self.forms(i).into_iter().flatten() {
            if !lexicon::MONTH_SIEVE.may_hold(b) {
                continue;
            }
            if let Some(m) = second.and_then(|second| lexicon::two_word_month(b, second)) {
                return Some((m, 2, false));
            }
            if let Some(&(m, ambiguous)) = lexicon::MONTHS.get(b) {
                return Some((m, 1, ambiguous));
            }
        }
        None
    }

    /// A token's stem key, and its whole key with at most a conjunction or
    /// preposition off: the segmenter may split a foreign month name
    /// (كانون → ك + انون).
    fn forms(&self, i: usize) -> [Option<&'d str>; 3] {
        let Some(b) = self.bare(i) else { return [None; 3] };
        let key = self.doc.key(&self.toks[i]);
        let other = key.strip_prefix(['و', 'ف', 'ب']).filter(|k| *k != b);
        [Some(b), Some(key).filter(|k| *k != b), other]
    }

    /// After a month at `i..end`, a second name of the same month
    /// (نيسان/ أبريل، يونيو (حزيران)) joins the expression.
    fn paired(&self, end: usize, month: u8) -> usize {
        let sep = self.text(end).unwrap_or("");
        if matches!(sep, "/" | "(" | "-" | "،") || sep == "\\" {
            if let Some((m2, n2, _)) = self.month_at(end + 1) {
                if m2 == month {
                    let after = end + 1 + n2;
                    return if self.text(after) == Some(")") { after + 1 } else { after };
                }
            }
        }
        end
    }

    /// Tries every pattern at token `i`.
    fn at(&self, i: usize) -> Option<Found> {
        if self.blocked.get(i).copied().unwrap_or(true) {
            return None;
        }
        if !self.may_start(i) {
            // Every test text checks that the precheck misses no pattern.
            debug_assert!(self.patterns(i).is_none(), "a time pattern starts on a word may_start rejects");
            return None;
        }
        self.patterns(i)
    }

    fn patterns(&self, i: usize) -> Option<Found> {
        self.anaphor(i)
            .or_else(|| self.part(i))
            .or_else(|| self.approx(i))
            .or_else(|| self.clock(i))
            .or_else(|| self.numeric_date(i))
            .or_else(|| self.day_month(i))
            .or_else(|| self.month(i))
            .or_else(|| self.hijri(i))
            .or_else(|| self.year(i))
            .or_else(|| self.decade(i))
            .or_else(|| self.season(i))
            .or_else(|| self.weekday(i))
            .or_else(|| self.deictic(i))
            .or_else(|| self.relative(i))
            .or_else(|| self.duration(i))
            .or_else(|| self.vague(i))
            .or_else(|| self.frequency(i))
    }

    /// Can any pattern of [`Scan::at`] start at `i`? The union of their
    /// first-word tests, so most tokens cost a few lookups, not all patterns.
    fn may_start(&self, i: usize) -> bool {
        if self.nums.get(i).is_some_and(Option::is_some) {
            return true;
        }
        // Digits (clock, numeric dates) however the tokenizer cut them.
        let digit = |c: char| c.is_ascii_digit() || ('٠'..='٩').contains(&c);
        if self.text(i).is_some_and(|t| t.trim_start_matches(['و', 'ف', 'ب', 'ل']).starts_with(digit)) {
            return true;
        }
        self.bare(i).is_some_and(|b| lexicon::BARE_SIEVE.may_hold(b) && lexicon::BARE_STARTS.contains(b))
            || self.mk(i).is_some_and(|k| lexicon::KEY_SIEVE.may_hold(k) && lexicon::KEY_STARTS.contains(k))
            || self.month_at(i).is_some()
    }

    /// مطلع/منتصف/نهاية + an expression (نهاية عام 2020 → 2020, END).
    fn part(&self, i: usize) -> Option<Found> {
        // النصف الأول/الثاني من العام الجاري → 2018-H1 / H2.
        if self.is(i, "نصف") {
            let half = match self.mk(i + 1)? {
                "الاول" => 1,
                "الثاني" => 2,
                _ => return None,
            };
            let j = if self.is(i + 2, "من") { i + 3 } else { i + 2 };
            let inner = self.at_inner(j).filter(|f| f.kind == TimeKind::Date)?;
            let value = inner.value.and_then(|v| {
                if v.len() == 4 {
                    Ok(format!("{v}-H{half}"))
                } else {
                    Err(format!("half of {v}"))
                }
            });
            return Some(Found::date(inner.end, value));
        }
        let m = *lexicon::PARTS.get(self.bare(i)?)?;
        // The period word may come between: نهاية شهر يونيو.
        let mut j = i + 1;
        if self.is(j, "شهر") && self.month_at(j + 1).is_some() {
            j += 1;
        }
        let inner = self.at_inner(j)?;
        if inner.kind != TimeKind::Date {
            return None;
        }
        Some(Found { modifier: Some(m), ..inner })
    }

    /// What a part word can modify: no nesting of parts.
    fn at_inner(&self, i: usize) -> Option<Found> {
        let bare_year = || {
            let (y, end) = self.year_at(i).filter(|(y, _)| (1000..=2100).contains(y))?;
            Some(Found::date(end, year_value(y)))
        };
        // نهاية العام، مطلع الشهر: the current one.
        let this_period = || {
            let unit = self.unit_word(i).filter(|_| self.has_article(i) && self.direction(i + 1).is_none())?;
            let singular = self.bare(i).and_then(|b| lexicon::UNITS.get(b).copied()).is_some_and(|(_, c)| c == 1);
            singular.then(|| Found::date(i + 1, self.period(unit, 0)))
        };
        self.day_month(i)
            .or_else(bare_year)
            .or_else(|| self.season(i))
            .or_else(|| self.month(i))
            .or_else(|| self.year(i))
            .or_else(|| self.decade(i))
            .or_else(|| self.relative(i))
            .or_else(|| self.weekday(i))
            .or_else(this_period)
    }

    /// الخريف الماضي، صيف 2018، الشتاء المقبل → 2017-FA.
    fn season(&self, i: usize) -> Option<Found> {
        let (code, start) = match self.bare(i)? {
            "ربيع" => ("SP", 3),
            "صيف" => ("SU", 6),
            "خريف" => ("FA", 9),
            "شتاء" => ("WI", 12),
            _ => return None,
        };
        if let Some((y, end)) = self.year_at(i + 1) {
            return Some(Found::date(end, year_value(y).map(|y| format!("{y}-{code}"))));
        }
        let d = self.direction(i + 1)?;
        let p = self.published.ok_or_else(|| NEEDS_DATE.to_string());
        let value = p.and_then(|p| {
            let (y, m) = (i64::from(p.year()), p.month() as i64);
            let y = match d {
                Direction::Current => y,
                Direction::Past => {
                    if start + 3 <= m {
                        y
                    } else {
                        y - 1
                    }
                }
                Direction::Next => {
                    if start > m {
                        y
                    } else {
                        y + 1
                    }
                }
            };
            year_value(y).map(|y| format!("{y}-{code}"))
        });
        Some(Found::date(i + 2, value))
    }

    /// نحو/حوالي + a duration or date.
    fn approx(&self, i: usize) -> Option<Found> {
        let b = self.bare(i)?;
        if !["نحو", "حوالي", "قرابه", "زهاء", "حوالى"].contains(&b) {
            return None;
        }
        let inner = self.duration(i + 1).or_else(|| self.clock(i + 1))?;
        Some(Found { modifier: Some(TimeMod::Approx), ..inner })
    }

    /// 15/3/2018, 2018-03-15, 26/9/1439هـ (Hijri), however the tokenizer
    /// cut them: read from the original text.
    fn numeric_date(&self, i: usize) -> Option<Found> {
        let t = self.toks.get(i)?;
        let rest = self.doc.text(t);
        let digits_start = rest.trim_start_matches(['و', 'ف', 'ب']);
        if !digits_start.starts_with(|c: char| c.is_ascii_digit() || ('٠'..='٩').contains(&c)) {
            return None;
        }
        let from = t.end as usize - digits_start.len();
        let text = self.doc.original().get(from..)?;
        let (parts, len) = numeric_parts(text)?;
        let mut end_byte = from + len;
        let hijri_mark = text[len..].trim_start().starts_with('ه');
        if hijri_mark {
            let skipped = text[len..].len() - text[len..].trim_start().len();
            end_byte = from
                + len
                + skipped
                + text[len + skipped..].find(|c: char| !matches!(c, 'ه' | 'ـ')).unwrap_or(text.len() - len - skipped);
        }
        let end = self.toks.iter().position(|x| x.end as usize >= end_byte).map(|k| k + 1)?;
        let (y, m, d) = if parts[0] > 31 { (parts[0], parts[1], parts[2]) } else { (parts[2], parts[1], parts[0]) };
        let value = if hijri_mark || (1300..1600).contains(&y) {
            match (u8::try_from(m), u8::try_from(d)) {
                (Ok(m), Ok(d)) => hijri::to_gregorian(y as i32, m, d)
                    .map(|g| g.to_string())
                    .ok_or_else(|| format!("no such Hijri date: {y}-{m}-{d}")),
                _ => Err(format!("no such Hijri date: {y}-{m}-{d}")),
            }
        } else {
            day_value(y, m, d)
        };
        Some(Found::date(end, value))
    }

    /// 25 يونيو 2018, 25 يونيو/حزيران الجاري, الخامس من يونيو.
    fn day_month(&self, i: usize) -> Option<Found> {
        let n = self
            .number(i)
            .filter(|n| n.value.fract() == 0.0 && n.value >= 1.0 && n.end <= i + 2)
            .or_else(|| self.ordinal(i))?;
        let mut j = n.end;
        if self.is(j, "من") {
            j += 1;
        }
        // الثاني عشر من الشهر المقبل: a day of a relative month.
        if self.is(j, "شهر") && self.has_article(j) {
            let step = match self.direction(j + 1)? {
                Direction::Past => -1,
                Direction::Current => 0,
                Direction::Next => 1,
            };
            let value = self.period(Unit::Month, step).and_then(|ym| {
                let (y, m) = ym.split_once('-').ok_or_else(|| ym.clone())?;
                day_value(y.parse().unwrap_or(0), m.parse().unwrap_or(0), n.value as i64)
            });
            return Some(Found::date(j + 2, value));
        }
        let (month, len, _) = self.month_at(j)?;
        let end = self.paired(j + len, month);
        let day = n.value as i64;
        if let Some((y, e)) = self.year_at(end) {
            return Some(Found::date(e, day_value(y, i64::from(month), day)));
        }
        let (year, end, pending) = match self.direction(end) {
            Some(d) => (self.year_for(month, Some(d)), end + 1, Pending::None),
            None => (self.year_for(month, None), end, Pending::DayMonth(month, day.clamp(0, 99) as u8)),
        };
        let value = year.ok_or_else(|| NEEDS_DATE.to_string()).and_then(|y| day_value(y, i64::from(month), day));
        Some(Found { pending, ..Found::date(end, value) })
    }

    /// An ordinal day (الخامس، الحادي عشر، الثاني والعشرين) followed by من.
    fn ordinal(&self, i: usize) -> Option<numbers::Number> {
        let units = ["اول", "ثاني", "ثالث", "رابع", "خامس", "سادس", "سابع", "ثامن", "تاسع", "عاشر"];
        let b = self.bare(i)?;
        let b = if b == "حادي" { "اول" } else { b };
        let u = units.iter().position(|x| *x == b)? as f64 + 1.0;
        let (value, end) = match self.bare(i + 1) {
            Some("عشر") if u < 10.0 => (u + 10.0, i + 2),
            Some("عشرين") if u < 10.0 => (u + 20.0, i + 2),
            Some("ثلاثين") if u < 2.0 => (31.0, i + 2),
            _ => (u, i + 1),
        };
        self.is(end, "من").then_some(numbers::Number { value, start: i, end, digits: false })
    }

    /// يونيو 2018, نيسان/ أبريل 2020, يونيو الماضي, في مارس (alone, only for
    /// unambiguous names).
    fn month(&self, i: usize) -> Option<Found> {
        let (month, len, ambiguous) = self.month_at(i)?;
        let end = self.paired(i + len, month);
        if let Some((y, e)) = self.year_at(end) {
            return Some(Found::date(e, month_value(y, month)));
        }
        if let Some(d) = self.direction(end) {
            let y = self.year_for(month, Some(d));
            return Some(Found::date(
                end + 1,
                y.ok_or_else(|| NEEDS_DATE.to_string()).and_then(|y| month_value(y, month)),
            ));
        }
        // Keys, not bare stems: إلى is الي, which has no article to drop.
        let after_prep = i.checked_sub(1).and_then(|p| self.mk(p)).is_some_and(|p| PREPOSITIONS.contains(&p));
        if ambiguous && end == i + len && !after_prep {
            return None;
        }
        let y = self.year_for(month, None);
        let value = y.ok_or_else(|| NEEDS_DATE.to_string()).and_then(|y| month_value(y, month));
        Some(Found { pending: Pending::Month(month), ..Found::date(end, value) })
    }

    /// The year of a month named without one: الجاري → this year; الماضي →
    /// its last occurrence before publication; المقبل → its next; alone → the
    /// occurrence nearest publication (up to nine months back).
    fn year_for(&self, month: u8, d: Option<Direction>) -> Option<i64> {
        let p = self.published?;
        let (y, pm) = (i64::from(p.year()), p.month() as u8);
        Some(match d {
            Some(Direction::Current) => y,
            Some(Direction::Past) => {
                if month < pm {
                    y
                } else {
                    y - 1
                }
            }
            Some(Direction::Next) => {
                if month > pm {
                    y
                } else {
                    y + 1
                }
            }
            None => {
                if i16::from(month) - i16::from(pm) > 3 {
                    y - 1
                } else {
                    y
                }
            }
        })
    }

    /// 5 رمضان 1439 هـ, رمضان 1439, 12 ربيع الأول, التاسع والعشرين من شهر
    /// شعبان, شهر رمضان المقبل (a whole month is a Gregorian interval).
    fn hijri(&self, i: usize) -> Option<Found> {
        let day = self
            .number(i)
            .filter(|n| n.value.fract() == 0.0 && (1.0..=30.0).contains(&n.value) && n.end == i + 1)
            .or_else(|| self.ordinal(i).map(|n| numbers::Number { end: n.end + 1, ..n }));
        let mut j = day.map_or(i, |n| n.end);
        // شهر رمضان: the word month makes a month alone a date.
        let month_word = self.is(j, "شهر");
        if month_word {
            j += 1;
        }
        let (month, len) = lexicon::hijri_month(self.bare(j)?, self.mk(j + 1))?;
        let mut end = j + len;
        while self.mk(end).is_some_and(|k| lexicon::HIJRI_EPITHETS.iter().any(|e| e == k)) {
            end += 1;
        }
        let mut dir = self.direction(end);
        if dir.is_some() {
            end += 1;
        } else {
            // (من|لـ) هذا العام / العام الجاري.
            let k = end + usize::from(self.is(end, "من"));
            if (self.is(k, "هذا") && self.is(k + 1, "عام")) || (self.is(k, "عام") && self.direction(k + 1).is_some())
            {
                dir = Some(Direction::Current);
                end = k + 2;
            }
        }
        let year = self.year_at(end).filter(|&(y, _)| (1300..1600).contains(&y));
        if let Some((_, e)) = year {
            end = e;
            if matches!(self.text(end), Some("هـ" | "ه" | "هجري" | "هجرية" | "هـ.")) {
                end += 1;
            }
        }
        // A month alone (رمضان) is too often a name; a day, a year, a
        // direction or the word شهر makes it a date.
        if day.is_none() && year.is_none() && dir.is_none() && !month_word {
            return None;
        }
        // هلال شهر رمضان: the crescent that starts the month, not the month.
        if day.is_none() && i.checked_sub(1).is_some_and(|p| self.is(p, "هلال")) {
            return None;
        }
        let hy = match year {
            Some((y, _)) => Some(y),
            None => self.published.and_then(|p| {
                let (hy, hm) = hijri::year_month_of(p)?;
                Some(match dir {
                    Some(Direction::Past) if hm <= month => hy - 1,
                    Some(Direction::Next) if hm >= month => hy + 1,
                    _ => hy,
                })
            }),
        };
        let Some(hy) = hy else { return Some(Found::date(end, Err(NEEDS_DATE.to_string()))) };
        let value = match day {
            Some(d) => hijri::to_gregorian(hy as i32, month, d.value as u8).map(|g| g.to_string()),
            None => hijri::month_interval(hy as i32, month).map(|(a, b)| format!("{a}/{b}")),
        };
        Some(Found::date(end, value.ok_or_else(|| format!("no such Hijri date: {hy}-{month}"))))
    }

    /// عام 2015، العام 2000، سنة 1990; a bare year after في/منذ/حتى (في 2011).
    fn year(&self, i: usize) -> Option<Found> {
        let b = self.bare(i).unwrap_or_default();
        if ["عام", "سنه", "عامي", "سنتي"].contains(&b) {
            let (y, end) = self.year_at(i + 1)?;
            return Some(Found::date(end, year_value(y)));
        }
        // A bare four-digit year, unless a noun after it makes it a count
        // (2000 جندي) or a decimal or a list of numbers is around it.
        let (y, end) = self.year_at(i)?;
        let digits = self.text(i)?.trim_start_matches(['و', 'ف', 'ب', 'ل']);
        if digits.len() != 4 || !(1900..=2100).contains(&y) {
            return None;
        }
        let counted = match self.toks.get(end) {
            Some(t) if t.kind == TokenKind::Arabic => {
                let stem = self.doc.stem_key(t);
                !t.clitics.is_split() && (crate::quantities::is_unit(stem) || lexicon::UNITS.contains_key(stem))
            }
            Some(t) => t.kind == TokenKind::Number || matches!(self.doc.text(t), "%" | "$"),
            None => false,
        };
        // Part of a range or list of numbers (1990-2000 is a year range, 2000، 3000 is not).
        if i > 0 && self.toks[i - 1].kind == TokenKind::Number && self.toks[i].start == self.toks[i - 1].end {
            return None;
        }
        (!counted).then(|| Found::date(end, year_value(y)))
    }

    /// الثمانينيات، تسعينيات القرن الماضي.
    fn decade(&self, i: usize) -> Option<Found> {
        let d = *lexicon::DECADES.get(self.bare(i)?)?;
        let mut end = i + 1;
        let from = if self.is(end, "من") { end + 1 } else { end };
        if self.is(from, "قرن") && self.direction(from + 1) == Some(Direction::Past) {
            end = from + 2;
        }
        Some(Found::date(end, Ok(d.to_string())))
    }

    /// الاثنين, يوم الاثنين, صباح الاثنين: the latest such day on or before
    /// publication, or the next one after a future cue (سـ، سوف، المقبل …).
    fn weekday(&self, i: usize) -> Option<Found> {
        let mut j = i;
        if self.is(j, "صباح")
            || self.is(j, "مساء")
            || self.is(j, "ظهر")
            || self.is(j, "فجر")
            || self.is(j, "ليله")
            || self.is(j, "عصر")
        {
            j += 1;
        }
        if self.is(j, "يوم") {
            j += 1;
        }
        let wd = *lexicon::WEEKDAYS.get(self.mk(j)?)?;
        let mut end = j + 1;
        // يوم الثلاثاء 15 مايو، الاثنين التاسع من رمضان: the date says which.
        let sep = usize::from(self.text(end) == Some("،"));
        if let Some(date) = self
            .day_month(end + sep)
            .or_else(|| self.hijri(end + sep))
            .or_else(|| self.numeric_date(end + sep))
            .filter(|f| f.kind == TimeKind::Date)
        {
            return Some(date);
        }
        let dir = self.direction(end);
        if dir.is_some() {
            end += 1;
        }
        let future = match dir {
            Some(Direction::Next) => true,
            Some(_) => false,
            None => self.future_clause(i),
        };
        let value = self.published.map_or(Err(NEEDS_DATE.to_string()), |p| {
            let today = p.weekday().to_sunday_zero_offset() as i64;
            // The day itself counts both ways: news of the day names it.
            let back = (today - i64::from(wd)).rem_euclid(7);
            let days = if future { (i64::from(wd) - today).rem_euclid(7) } else { -back };
            shift_days(p, days)
        });
        Some(Found { pending: Pending::Weekday(wd), ..Found::date(end, value) })
    }

    /// Does the clause before token `i` speak of the future (سيزور، سوف، من المقرر)?
    fn future_clause(&self, i: usize) -> bool {
        let from = i.saturating_sub(8);
        let clause =
            self.toks[from..i].iter().rev().take_while(|t| t.kind != TokenKind::Punct || self.doc.text(t) == "،");
        let mut verb_seen = false;
        clause.enumerate().any(|(k, t)| {
            let marked = t.clitics.proclitics().any(|p| p == Proclitic::Sa)
                || lexicon::FUTURE_CUES.contains(&self.doc.match_key(t));
            // The clause's verb in the imperfect (يستضيف، يلتقيان): in news
            // that announces what is coming. Only the nearest verb-like word
            // counts, and only the ي- prefix (ت- starts too many nouns).
            let stem = self.doc.stem_key(t);
            let imperfect = !verb_seen
                && k < 4
                && t.clitics.proclitics().all(|p| p != Proclitic::Al)
                && stem.starts_with('ي')
                && stem.chars().count() >= 4
                && !lexicon::MONTHS.contains_key(stem)
                && !lexicon::UNITS.contains_key(stem);
            if t.kind == TokenKind::Arabic && stem.chars().count() >= 3 && !t.clitics.has_article() {
                verb_seen = true;
            }
            marked || imperfect
        })
    }

    /// اليوم، أمس، أمس الأول، غدا، بعد غد، الليلة (الماضية), صباح اليوم.
    fn deictic(&self, i: usize) -> Option<Found> {
        let mut j = i;
        if self.is(j, "صباح") || self.is(j, "مساء") || self.is(j, "ظهر") || self.is(j, "فجر") || self.is(j, "عصر")
        {
            j += 1;
        }
        let mk = self.mk(j)?;
        let b = self.bare(j)?;
        let (days, end) = if mk == "اليوم" {
            // كما اليوم: as nowadays, not on the day.
            if j == i && i.checked_sub(1).is_some_and(|p| self.is(p, "كما")) {
                let value = Ok("PRESENT_REF".to_string());
                return Some(Found { end: j + 1, value, kind: TimeKind::Ref, modifier: None, pending: Pending::None });
            }
            (0, j + 1)
        } else if b == "امس" {
            if self.mk(j + 1) == Some("الاول") {
                (-2, j + 2)
            } else {
                (-1, j + 1)
            }
        } else if b == "غدا" || mk == "الغد" {
            (1, j + 1)
        } else if b == "بعد" && self.bare(j + 1) == Some("غد") {
            (2, j + 2)
        } else if mk == "الليله" {
            match self.direction(j + 1) {
                Some(Direction::Past) => (-1, j + 2),
                _ => (0, j + 1),
            }
        } else {
            return None;
        };
        let value = self.published.map_or(Err(NEEDS_DATE.to_string()), |p| shift_days(p, days));
        Some(Found::date(end, value))
    }

    /// الأسبوع الماضي، الشهر الجاري، العام المقبل، هذا العام، قبل يومين، بعد
    /// ثلاثة أشهر، الأيام المقبلة.
    fn relative(&self, i: usize) -> Option<Found> {
        // هذا العام / هذه السنة.
        if self.is(i, "هذا") || self.is(i, "هذه") {
            let unit = self.unit_word(i + 1)?;
            return Some(Found::date(i + 2, self.period(unit, 0)));
        }
        // قبل + a counted unit: a point in time (بعد 73 سنة is a stretch).
        if self.is(i, "قبل") {
            let (n, unit, end) = self.counted(i + 1).or_else(|| {
                // قبل أسبوع: one.
                let singular = self.bare(i + 1).and_then(|b| lexicon::UNITS.get(b).copied()).filter(|(_, c)| *c == 1);
                singular.filter(|_| !self.has_article(i + 1)).map(|(u, _)| (Some(1), u, i + 2))
            })?;
            let n = n?;
            // قبل أسبوعين: a day, like قبل يومين, not a calendar week.
            if unit == Unit::Week {
                let value = self.published.ok_or_else(|| NEEDS_DATE.to_string()).and_then(|p| shift_days(p, -7 * n));
                return Some(Found::date(end, value));
            }
            return Some(Found::date(end, self.shifted(unit, -n)));
        }
        let (unit, count) = *lexicon::UNITS.get(self.bare(i)?)?;
        if count != 1 {
            // الأيام المقبلة، الأسبوعين الماضيين، السنوات الأربع الماضية،
            // السنوات القليلة الماضية: a stretch of time, a duration.
            let mut j = i + 1;
            let mut n = (count == 2).then_some(2);
            if let Some(num) = self.number(j).filter(|x| x.value.fract() == 0.0 && x.value >= 1.0 && x.value < 1e4) {
                n = Some(num.value as i64);
                j = num.end;
            }
            if self.is(j, "قليله") || self.is(j, "عديده") {
                j += 1;
            }
            self.direction(j)?;
            return Some(Found {
                end: j + 1,
                value: Ok(duration_value(n, unit)),
                kind: TimeKind::Duration,
                modifier: None,
                pending: Pending::None,
            });
        }
        let dir = self.direction(i + 1)?;
        let step = match dir {
            Direction::Past => -1,
            Direction::Current => 0,
            Direction::Next => 1,
        };
        Some(Found::date(i + 2, self.period(unit, step)))
    }

    /// A unit word (with or without the article) at `i`.
    fn unit_word(&self, i: usize) -> Option<Unit> {
        lexicon::UNITS.get(self.bare(i)?).map(|&(u, _)| u)
    }

    /// A count and a unit at `i`: (count or None for a bare plural, unit, end).
    fn counted(&self, i: usize) -> Option<(Option<i64>, Unit, usize)> {
        if self.has_article(i) {
            return None;
        }
        if let Some(&(u, c)) = self.bare(i).and_then(|b| lexicon::UNITS.get(b)) {
            // يومين، عامين; عام واحد; a singular alone (يوم) is no count.
            return match c {
                2 => Some((Some(2), u, i + 1)),
                0 => Some((None, u, i + 1)),
                // عام واحد، شهر كامل، عام إضافي.
                _ if ["واحد", "واحده", "كامل", "كامله", "اضافي", "اضافيه"].iter().any(|w| self.is(i + 1, w)) => {
                    Some((Some(1), u, i + 2))
                }
                _ => None,
            };
        }
        let n = self.number(i).filter(|n| n.value.fract() == 0.0 && n.value >= 1.0 && n.value < 1e6)?;
        if self.has_article(n.end) {
            return None;
        }
        let (u, _) = *lexicon::UNITS.get(self.bare(n.end)?)?;
        Some((Some(n.value as i64), u, n.end + 1))
    }

    /// Durations: 3 أيام، يومين، ثلاثة أسابيع، منذ سنوات (PXY), لمدة عام.
    fn duration(&self, i: usize) -> Option<Found> {
        let lead = self
            .bare(i)
            .is_some_and(|b| ["منذ", "لمده", "مده", "طيله", "طوال", "خلال", "لعده", "عده", "مرور"].contains(&b));
        let start = if lead { i + 1 } else { i };
        let (n, unit, end) = self.counted(start).or_else(|| {
            // لمدة عام / منذ عام: a singular unit after a lead word is one.
            let u = lead.then(|| self.unit_word(start)).flatten().filter(|_| !self.has_article(start))?;
            let singular = self.bare(start).and_then(|b| lexicon::UNITS.get(b).copied()).is_some_and(|(_, c)| c == 1);
            // منذ عام 2015 is a year, not a duration of one year.
            // خلال شهر رمضان، خلال شهر يونيو: the month, not a month's stretch.
            let names_month = self.month_at(start + 1).is_some() || self.hijri(start).is_some();
            (singular && self.year_at(start + 1).is_none() && !names_month).then_some((Some(1), u, start + 1))
        })?;
        // A bare plural (سنوات) counts only after a lead word (منذ سنوات)
        // or with ل (لسنوات).
        let with_li = self.toks.get(start).is_some_and(|t| t.clitics.proclitics().any(|p| p == Proclitic::Li));
        // سنوات من الانقطاع، أيام على الإعلان: a stretch of something.
        let of_something = self.is(end, "من") || self.is(end, "علي");
        if n.is_none() && !lead && !with_li && !of_something {
            return None;
        }
        Some(Found {
            end,
            value: Ok(duration_value(n, unit)),
            kind: TimeKind::Duration,
            modifier: None,
            pending: Pending::None,
        })
    }

    /// مؤخرا، حاليا، قريبا، في الآونة الأخيرة.
    fn vague(&self, i: usize) -> Option<Found> {
        let first = self.mk(i)?;
        let first = first.strip_prefix("ال").unwrap_or(first);
        if !lexicon::VAGUE_FIRST.contains(first) {
            return None;
        }
        for (words, value) in lexicon::VAGUE.iter() {
            let ok = words
                .iter()
                .enumerate()
                .all(|(k, w)| self.mk(i + k).is_some_and(|m| m == *w || m.strip_prefix("ال") == Some(w)));
            if ok {
                return Some(Found {
                    end: i + words.len(),
                    value: Ok((*value).into()),
                    kind: TimeKind::Ref,
                    modifier: None,
                    pending: Pending::None,
                });
            }
        }
        None
    }

    /// يوميا، سنويا، كل عام.
    fn frequency(&self, i: usize) -> Option<Found> {
        if let Some(v) = self.bare(i).and_then(|b| lexicon::FREQUENCIES.get(b).copied()) {
            return Some(Found {
                end: i + 1,
                value: Ok(v.into()),
                kind: TimeKind::Set,
                modifier: None,
                pending: Pending::None,
            });
        }
        // 4 مرات في الأسبوع، مرة واحدة في الشهر: a set of that period.
        if let Some(n) = self.number(i).filter(|n| n.end > i).map(|n| n.end).or_else(|| self.is(i, "مره").then_some(i))
        {
            let mut j = n;
            if self.is(j, "مره") || self.is(j, "مرات") {
                j += 1;
                if self.is(j, "واحده") {
                    j += 1;
                }
                if self.is(j, "في") && self.has_article(j + 1) {
                    if let Some(unit) = self.unit_word(j + 1) {
                        let value = Ok(duration_value(Some(1), unit));
                        return Some(Found {
                            end: j + 2,
                            value,
                            kind: TimeKind::Set,
                            modifier: None,
                            pending: Pending::None,
                        });
                    }
                }
            }
        }
        if self.is(i, "كل") {
            let unit = self.unit_word(i + 1)?;
            return Some(Found {
                end: i + 2,
                value: Ok(duration_value(Some(1), unit)),
                kind: TimeKind::Set,
                modifier: None,
                pending: Pending::None,
            });
        }
        None
    }

    /// The period of a unit `step` periods from publication: week, month, year.
    fn period(&self, unit: Unit, step: i64) -> Result<String, String> {
        let p = self.published.ok_or_else(|| NEEDS_DATE.to_string())?;
        // try_*: a count from the text (قبل 100000 عام) must not panic.
        let span = jiff::Span::new();
        let shifted = match unit {
            Unit::Day => span.try_days(step).and_then(|s| p.checked_add(s)),
            Unit::Week => span.try_weeks(step).and_then(|s| p.checked_add(s)),
            Unit::Month => span.try_months(step).and_then(|s| p.checked_add(s)),
            Unit::Year => span.try_years(step).and_then(|s| p.checked_add(s)),
            Unit::Decade => {
                let decade = i64::from(p.year()) / 10 + step;
                return match decade {
                    0..=999 => Ok(format!("{decade:03}")),
                    _ => Err(format!("{step} decades from publication is outside years 0001–9999")),
                };
            }
            _ => return Err(format!("no calendar period for {unit:?}")),
        }
        .map_err(|e| e.to_string())?;
        // Values are plain four-digit years (no ISO 8601 expansion): a shift
        // to before year 1 (قبل 2020 عاما in a text of 2000) has no value.
        if shifted.year() < 1 {
            return Err(format!("{step} {unit:?}s from publication is before year 1"));
        }
        Ok(match unit {
            Unit::Day => shifted.to_string(),
            Unit::Week => {
                let w = shifted.iso_week_date();
                format!("{:04}-W{:02}", w.year(), w.week())
            }
            Unit::Month => format!("{:04}-{:02}", shifted.year(), shifted.month()),
            _ => format!("{:04}", shifted.year()),
        })
    }

    /// The date `n` units from publication, at the unit's granularity.
    fn shifted(&self, unit: Unit, n: i64) -> Result<String, String> {
        match unit {
            Unit::Minute | Unit::Hour => self.published.map(|p| p.to_string()).ok_or_else(|| NEEDS_DATE.to_string()),
            Unit::Decade => self.period(Unit::Year, n * 10),
            Unit::Century => self.period(Unit::Year, n * 100),
            u => self.period(u, n),
        }
    }
}

/// Three numbers separated by / - or . (spaces allowed around /): the
/// numbers and the bytes read. The year has 4 digits, first or last.
fn numeric_parts(text: &str) -> Option<([i64; 3], usize)> {
    let b = text.as_bytes();
    let mut parts = [0i64; 3];
    let mut widths = [0usize; 3];
    let mut pos = 0;
    for k in 0..3 {
        if k > 0 {
            let save = pos;
            while pos < b.len() && b[pos] == b' ' {
                pos += 1;
            }
            if pos >= b.len() || !matches!(b[pos], b'/' | b'-' | b'.') {
                return None;
            }
            pos += 1;
            while pos < b.len() && b[pos] == b' ' {
                pos += 1;
            }
            if pos - save > 5 {
                return None;
            }
        }
        let start = pos;
        while pos < b.len() && b[pos].is_ascii_digit() && pos - start < 4 {
            pos += 1;
        }
        if pos == start {
            return None;
        }
        parts[k] = text[start..pos].parse().ok()?;
        widths[k] = pos - start;
    }
    // No more digits glued on, and a four-digit year at one end.
    if pos < b.len() && b[pos].is_ascii_digit() {
        return None;
    }
    (widths[0] == 4 || widths[2] == 4).then_some((parts, pos))
}

fn duration_value(n: Option<i64>, unit: Unit) -> String {
    let count = n.map_or("X".to_string(), |n| n.to_string());
    match unit {
        Unit::Minute => format!("PT{count}M"),
        Unit::Hour => format!("PT{count}H"),
        Unit::Day => format!("P{count}D"),
        Unit::Week => format!("P{count}W"),
        Unit::Month => format!("P{count}M"),
        Unit::Year => format!("P{count}Y"),
        Unit::Decade => n.map_or("PXDE".to_string(), |n| format!("P{}Y", n * 10)),
        Unit::Century => n.map_or("PXCE".to_string(), |n| format!("P{}Y", n * 100)),
    }
}

fn check_year(y: i64) -> Result<i16, String> {
    if (1..=9999).contains(&y) {
        Ok(y as i16)
    } else {
        Err(format!("year {y} is outside 1–9999"))
    }
}

fn year_value(y: i64) -> Result<String, String> {
    check_year(y).map(|y| format!("{y:04}"))
}

fn month_value(y: i64, m: u8) -> Result<String, String> {
    check_year(y).map(|y| format!("{y:04}-{m:02}"))
}

fn day_value(y: i64, m: i64, d: i64) -> Result<String, String> {
    let y = check_year(y)?;
    if !(1..=12).contains(&m) {
        return Err(format!("month {m} does not exist"));
    }
    Date::new(y, m as i8, d.clamp(0, 99) as i8)
        .map(|d| d.to_string())
        .map_err(|_| format!("{y:04}-{m:02} has no day {d}"))
}

fn shift_days(p: Date, days: i64) -> Result<String, String> {
    jiff::Span::new().try_days(days).and_then(|s| p.checked_add(s)).map(|d| d.to_string()).map_err(|e| e.to_string())
}

/// The temporal expressions of `doc`. `blocked` marks tokens inside actor
/// names; `nums` is [`numbers::read_all`]; `span` builds a span from byte offsets.
pub(crate) fn times(
    doc: &Document,
    published: Option<Date>,
    blocked: &[bool],
    nums: &[Option<numbers::Number>],
    span: &dyn Fn(usize, usize) -> Span,
) -> Vec<Time> {
    let scan = Scan::new(doc, published, blocked, nums);
    let mut out = Vec::new();
    let mut pends = Vec::new();
    let mut i = 0;
    while i < scan.toks.len() {
        match scan.at(i).filter(|f| f.end > i && f.end <= scan.toks.len()) {
            Some(f) => {
                let first = &scan.toks[i];
                // Drop proclitics (وأمس → أمس) but keep the article.
                let skip = crate::actors::skip_of(doc, i);
                let start = doc.to_original(first.nstart as usize + skip..first.nend as usize).start;
                let end = scan.toks[f.end - 1].end as usize;
                let (value, reason) = match f.value {
                    Ok(v) => (Some(v), None),
                    Err(r) => (None, Some(r)),
                };
                out.push(Time { span: span(start, end), value, modifier: f.modifier, kind: f.kind, reason });
                pends.push(discourse::Pend { pending: f.pending, tokens: (i, f.end - 1) });
                i = f.end;
            }
            None => i += 1,
        }
    }
    discourse::resolve(&scan, &mut out, &pends);
    out
}
