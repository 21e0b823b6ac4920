//! Readings that depend on the other times of the text.
//!
//! - Anaphors: العام ذاته، في نفس اليوم (the period of the last time
//!   stated), قبلها بعام، بعد ذلك بيومين، اليوم التالي، العام الذي سبقه
//!   (counted from it). With no earlier time, the publication date is the
//!   reference, as for any other relative expression.
//! - A day and month without a year that the text gave earlier with one
//!   (13 نوفمبر/تشرين الثاني 2015 … 13 نوفمبر/تشرين الثاني) take that year.
//! - In a habitual sentence (كل أسبوع، كل سنة، عادة) a weekday or a month
//!   without a year is any such day or month: `XXXX-WXX-5`, `XXXX-06`.
//! - A clock time is on the day of the nearest date in its sentence (وقع
//!   الهجوم الساعة الثامنة مساء أمس الجمعة), else on the publication date.

use jiff::civil::Date;
use marsad_text::TokenKind;
use rustc_hash::{FxHashMap, FxHashSet};

use super::lexicon::{self, Unit};
use super::{Found, Pending, Scan};
use crate::contract::{Time, TimeKind};

impl Scan<'_, '_> {
    /// An anaphoric time at `i`.
    pub(super) fn anaphor(&self, i: usize) -> Option<Found> {
        // في نفس العام، ذات اليوم.
        if (self.is(i, "نفس") || self.is(i, "ذات")) && !self.has_enclitic(i) && self.has_article(i + 1) {
            let unit = self.calendar_unit(i + 1)?;
            return Some(self.anaphoric(i + 2, Pending::Same(unit)));
        }
        // قبلها بعام، بعد ذلك بثلاث سنوات.
        if self.is(i, "قبل") || self.is(i, "بعد") {
            let sign = if self.is(i, "قبل") { -1 } else { 1 };
            let j = if self.has_enclitic(i) {
                i + 1
            } else if self.is(i + 1, "ذلك") {
                i + 2
            } else {
                return None;
            };
            let with_bi =
                self.toks.get(j).is_some_and(|t| t.clitics.proclitics().any(|p| p == marsad_text::Proclitic::Bi));
            if !with_bi {
                return None;
            }
            let (n, unit, end) = self.counted(j).or_else(|| {
                let (u, c) = *lexicon::UNITS.get(self.bare(j)?)?;
                (c == 1 && !self.has_article(j)).then_some((Some(1), u, j + 1))
            })?;
            let n = n?;
            return Some(self.anaphoric(end, Pending::Shift(unit, sign * n)));
        }
        // العام ذاته، اليوم التالي، العام الذي سبقه.
        if !self.has_article(i) {
            return None;
        }
        let unit = self.calendar_unit(i)?;
        let next = self.bare(i + 1)?;
        let pending = match next {
            "ذات" | "نفس" if self.has_enclitic(i + 1) => Pending::Same(unit),
            "تالي" | "تاليه" | "لاحق" | "لاحقه" if self.has_article(i + 1) => Pending::Shift(unit, 1),
            "ذي" | "التي" | "الذي" => {
                let verb = self.bare(i + 2).filter(|_| self.has_enclitic(i + 2))?;
                match verb {
                    "سبق" | "سبقت" => return Some(self.anaphoric(i + 3, Pending::Shift(unit, -1))),
                    "تلا" | "تلت" | "يلي" | "تلي" => {
                        return Some(self.anaphoric(i + 3, Pending::Shift(unit, 1)))
                    }
                    _ => return None,
                }
            }
            _ => return None,
        };
        Some(self.anaphoric(i + 2, pending))
    }

    fn has_enclitic(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.clitics.enclitic().is_some())
    }

    /// A singular day, week, month or year word at `i`.
    fn calendar_unit(&self, i: usize) -> Option<Unit> {
        let (u, c) = *lexicon::UNITS.get(self.bare(i)?)?;
        (c == 1 && matches!(u, Unit::Day | Unit::Week | Unit::Month | Unit::Year)).then_some(u)
    }

    /// An anaphor ending at `end`, valued against the publication date until
    /// [`resolve`] finds the time it points to.
    fn anaphoric(&self, end: usize, pending: Pending) -> Found {
        let value = self.published.map(|p| p.to_string()).ok_or_else(|| super::NEEDS_DATE.to_string());
        let value = value.and_then(|p| apply(&p, pending).ok_or_else(|| format!("cannot count from {p}")));
        Found { end, value, kind: TimeKind::Date, modifier: None, pending }
    }
}

/// Valid calendar values that can anchor others: `2017`, `2017-05`, `2017-05-03`.
fn calendar(v: &str) -> bool {
    let b = v.as_bytes();
    matches!(b.len(), 4 | 7 | 10)
        && b.iter().enumerate().all(|(k, c)| if k == 4 || k == 7 { *c == b'-' } else { c.is_ascii_digit() })
}

/// The value of an anaphor against the calendar value `anchor`.
fn apply(anchor: &str, pending: Pending) -> Option<String> {
    let year: i16 = anchor.get(..4)?.parse().ok()?;
    let month: Option<i8> = anchor.get(5..7).and_then(|m| m.parse().ok());
    let day: Option<i8> = anchor.get(8..10).and_then(|d| d.parse().ok());
    let date = |m: i8, d: i8| Date::new(year, m, d).ok();
    match pending {
        Pending::Same(Unit::Year) => Some(format!("{year:04}")),
        Pending::Same(Unit::Month) => Some(format!("{year:04}-{:02}", month?)),
        Pending::Same(Unit::Day) => Some(date(month?, day?)?.to_string()),
        Pending::Same(Unit::Week) => {
            let w = date(month?, day?)?.iso_week_date();
            Some(format!("{:04}-W{:02}", w.year(), w.week()))
        }
        Pending::Shift(Unit::Year, n) => {
            let y = i64::from(year) + n;
            (1..=9999).contains(&y).then(|| format!("{y:04}"))
        }
        Pending::Shift(Unit::Month, n) => {
            let d = date(month?, 1)?.checked_add(jiff::Span::new().try_months(n).ok()?).ok()?;
            Some(format!("{:04}-{:02}", d.year(), d.month()))
        }
        Pending::Shift(Unit::Day, n) => {
            Some(date(month?, day?)?.checked_add(jiff::Span::new().try_days(n).ok()?).ok()?.to_string())
        }
        Pending::Shift(Unit::Week, n) => {
            Some(date(month?, day?)?.checked_add(jiff::Span::new().try_weeks(n).ok()?).ok()?.to_string())
        }
        _ => None,
    }
}

/// A time found by the scan, with what may still change it.
pub(super) struct Pend {
    pub(super) pending: Pending,
    /// Its first and last token.
    pub(super) tokens: (usize, usize),
}

/// Revises the times of one text in the light of each other (see the module
/// documentation). `times` and `pends` are parallel, in text order. Linear
/// in the number of times, but for clock times, which look at the times of
/// their own sentence.
pub(super) fn resolve(scan: &Scan, times: &mut [Time], pends: &[Pend]) {
    let sentences = scan.doc.sentences();
    let sentence_of = |tok: usize| sentences.partition_point(|s| (s.tokens.end as usize) <= tok);
    let sent: Vec<usize> = pends.iter().map(|p| sentence_of(p.tokens.0)).collect();
    let habit = habitual(scan, times, pends, &sent);
    let mut anchor: Option<String> = None;
    // The last full date given for each (month, day).
    let mut dated: FxHashMap<(u8, u8), String> = FxHashMap::default();
    for k in 0..times.len() {
        let pend = &pends[k];
        let new = match pend.pending {
            Pending::Same(_) | Pending::Shift(..) => anchor.as_deref().and_then(|a| apply(a, pend.pending)),
            Pending::DayMonth(m, d) => dated.get(&(m, d)).cloned(),
            Pending::Weekday(wd) if habit.contains(&sent[k]) => {
                Some(format!("XXXX-WXX-{}", if wd == 0 { 7 } else { wd }))
            }
            Pending::Month(m) if habit.contains(&sent[k]) => Some(format!("XXXX-{m:02}")),
            Pending::Clock(h, m) => {
                let first = sent.partition_point(|&x| x < sent[k]);
                let last = sent.partition_point(|&x| x <= sent[k]);
                let day = (first..last)
                    .filter(|&o| o != k && !matches!(pends[o].pending, Pending::Clock(..)))
                    .filter_map(|o| {
                        let v = times[o].value.as_deref().filter(|v| v.len() == 10 && calendar(v))?;
                        // The day usually follows the hour (الساعة الثامنة مساء
                        // أمس): a date after it first, then one before.
                        let (a, b) = (pends[o].tokens, pend.tokens);
                        let distance = if a.0 > b.1 { (0, a.0 - b.1) } else { (1, b.0.saturating_sub(a.1)) };
                        Some((distance, v))
                    })
                    .min_by_key(|(d, _)| *d);
                day.and_then(|(_, v)| super::clock::clock_value(v.parse().ok()?, h, m))
            }
            _ => None,
        };
        if let Some(v) = new {
            times[k].value = Some(v);
            times[k].reason = None;
        }
        // Anaphors point back to a time the text states, not to each other.
        if times[k].kind == TimeKind::Date && !matches!(pend.pending, Pending::Same(_) | Pending::Shift(..)) {
            if let Some(v) = times[k].value.as_deref().filter(|v| calendar(v)) {
                anchor = Some(v.to_string());
                let day = v.get(5..7).zip(v.get(8..10)).filter(|_| v.len() == 10);
                if let Some((Ok(m), Ok(d))) = day.map(|(m, d)| (m.parse(), d.parse())) {
                    dated.insert((m, d), v.to_string());
                }
            }
        }
    }
}

/// The sentences that speak of what happens habitually: a set time starting
/// with كل (كل أسبوع، كل عام; not a rate: برميل يوميا) or عادة in them.
fn habitual(scan: &Scan, times: &[Time], pends: &[Pend], sent: &[usize]) -> FxHashSet<usize> {
    let mut out: FxHashSet<usize> = FxHashSet::default();
    if !pends.iter().any(|p| matches!(p.pending, Pending::Weekday(_) | Pending::Month(_))) {
        return out;
    }
    for (k, (t, p)) in times.iter().zip(pends).enumerate() {
        if t.kind == TimeKind::Set && scan.is(p.tokens.0, "كل") {
            out.insert(sent[k]);
        }
    }
    for (s, sentence) in scan.doc.sentences().iter().enumerate() {
        let habitual = (sentence.tokens.start as usize..sentence.tokens.end as usize)
            .any(|i| scan.toks[i].kind == TokenKind::Arabic && scan.is(i, "عاده") && !scan.has_article(i));
        if habitual {
            out.insert(s);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anaphors_count_from_the_anchor() {
        assert_eq!(apply("2017", Pending::Shift(Unit::Year, -1)).as_deref(), Some("2016"));
        assert_eq!(apply("1987-05", Pending::Same(Unit::Year)).as_deref(), Some("1987"));
        assert_eq!(apply("2018-02-28", Pending::Shift(Unit::Day, 1)).as_deref(), Some("2018-03-01"));
        assert_eq!(apply("2018-11", Pending::Shift(Unit::Month, 2)).as_deref(), Some("2019-01"));
        // Too coarse an anchor for the unit, or a count off the calendar.
        assert_eq!(apply("2017", Pending::Shift(Unit::Day, 1)), None);
        assert_eq!(apply("9999", Pending::Shift(Unit::Year, 1)), None);
        assert_eq!(apply("2017", Pending::Shift(Unit::Month, i64::MAX)), None);
    }

    #[test]
    fn calendar_values() {
        assert!(calendar("2017") && calendar("2017-05") && calendar("2017-05-03"));
        assert!(!calendar("2017-W05") && !calendar("198") && !calendar("P1Y") && !calendar("XXXX-05"));
    }
}
