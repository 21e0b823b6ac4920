//! Clock times: الساعة الثامنة مساء، الساعة 10 صباحا، 19:00 بتوقيت غرينتش,
//! العاشرة والنصف صباحا. The day comes from the sentence (see
//! [`super::discourse`]); until then, the publication date.

use std::sync::LazyLock;

use marsad_text::chars::key_of;

use super::{Found, Pending, Scan, NEEDS_DATE};
use crate::contract::TimeKind;

/// Hour words (feminine ordinals, article off) as keys: 1..=12.
pub(super) static HOURS: LazyLock<Vec<String>> = LazyLock::new(|| {
    ["واحدة", "ثانية", "ثالثة", "رابعة", "خامسة", "سادسة", "سابعة", "ثامنة", "تاسعة", "عاشرة"]
        .iter()
        .map(|w| key_of(w))
        .collect()
});

/// Parts of the day after an hour, as keys, with whether they mean after noon.
static PERIODS: LazyLock<Vec<(String, bool)>> = LazyLock::new(|| {
    [
        ("صباحا", false),
        ("صباح", false),
        ("فجرا", false),
        ("فجر", false),
        ("ظهرا", true),
        ("عصرا", true),
        ("مساء", true),
        ("مساءا", true),
        ("ليلا", true),
    ]
    .iter()
    .map(|(w, pm)| (key_of(w), *pm))
    .collect()
});

impl Scan<'_, '_> {
    /// A clock time at `i`.
    pub(super) fn clock(&self, i: usize) -> Option<Found> {
        let after_word = self.is(i, "ساعه") && self.has_article(i);
        let j = if after_word { i + 1 } else { i };
        let (mut hour, mut minute, mut end) = match self.digital(j) {
            Some(hm) => hm,
            None => {
                let (h, e) = self.hour_word(j).or_else(|| {
                    // الساعة 10: a plain number after the word.
                    let n = self.number(j).filter(|n| n.end == j + 1 && n.value.fract() == 0.0)?;
                    (after_word && (0.0..=24.0).contains(&n.value)).then_some((n.value as u8, j + 1))
                })?;
                (h, 0, e)
            }
        };
        // والنصف، والربع، إلا ربعا.
        match self.bare(end) {
            Some("نصف") => (minute, end) = (30, end + 1),
            Some("ربع") if self.toks[end].clitics.is_split() => (minute, end) = (15, end + 1),
            Some("الا") if self.bare(end + 1).is_some_and(|b| b.starts_with("ربع")) => {
                hour = if hour == 0 { 23 } else { hour - 1 };
                (minute, end) = (45, end + 2);
            }
            _ => {}
        }
        let period = self.bare(end).and_then(|b| PERIODS.iter().find(|(w, _)| w == b)).map(|(_, pm)| *pm);
        if let Some(pm) = period {
            end += 1;
            // الثانية ليلا is 02:00; الحادية عشرة ظهرا is 11:00.
            let small_hours = self.is(end - 1, "ليلا") && hour <= 4;
            let late_morning = self.is(end - 1, "ظهرا") && hour >= 11;
            if pm && hour < 12 && !small_hours && !late_morning {
                hour += 12;
            }
        } else if !after_word && self.digital(j).is_none() {
            // An hour word alone (الثامنة) is an ordinal, not a time.
            return None;
        }
        let value = self.published.and_then(|p| clock_value(p, hour, minute)).ok_or_else(|| NEEDS_DATE.to_string());
        Some(Found { end, value, kind: TimeKind::Date, modifier: None, pending: Pending::Clock(hour, minute) })
    }

    /// An hour word at `i` (الثامنة، الحادية عشرة): hour and end.
    fn hour_word(&self, i: usize) -> Option<(u8, usize)> {
        let b = self.bare(i)?;
        if !self.has_article(i) {
            return None;
        }
        if self.is(i + 1, "عشره") {
            return match b {
                "حاديه" => Some((11, i + 2)),
                "ثانيه" => Some((12, i + 2)),
                _ => None,
            };
        }
        let h = HOURS.iter().position(|w| w == b)? as u8 + 1;
        Some((h, i + 1))
    }

    /// `HH:MM` written at token `i` (read from the original text, however
    /// the tokenizer cut it): hour, minute and the token after it.
    fn digital(&self, i: usize) -> Option<(u8, u8, usize)> {
        let t = self.toks.get(i)?;
        let text = self.doc.text(t);
        let digits = text.trim_start_matches(['و', 'ف', 'ب', 'ل']);
        if !digits.starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        let from = t.end as usize - digits.len();
        let rest = self.doc.original().get(from..)?.as_bytes();
        let h_len = rest.iter().take_while(|c| c.is_ascii_digit()).count();
        if !(1..=2).contains(&h_len) || rest.get(h_len) != Some(&b':') {
            return None;
        }
        let m = &rest[h_len + 1..];
        let m_len = m.iter().take_while(|c| c.is_ascii_digit()).count();
        // Exactly two minute digits and nothing glued on (not 1:2:3 or 10:100).
        if m_len != 2 || m.get(2).is_some_and(|c| *c == b':' || *c == b'.' && m.get(3).is_some_and(u8::is_ascii_digit))
        {
            return None;
        }
        let hour: u8 = std::str::from_utf8(&rest[..h_len]).ok()?.parse().ok()?;
        let minute: u8 = std::str::from_utf8(&m[..2]).ok()?.parse().ok()?;
        if hour > 24 || minute > 59 {
            return None;
        }
        let end_byte = from + h_len + 3;
        let end = self.toks[i..].iter().position(|x| x.end as usize >= end_byte).map(|k| i + k + 1)?;
        Some((hour, minute, end))
    }
}

/// `DAYTHH:MM`. Hour 24 (الساعة 24، 24:30) is the next day's hour 0: the
/// value stays a valid ISO 8601-1:2019 time.
pub(super) fn clock_value(day: jiff::civil::Date, hour: u8, minute: u8) -> Option<String> {
    if hour >= 24 {
        let next = day.tomorrow().ok()?;
        return Some(format!("{next}T{:02}:{minute:02}", hour - 24));
    }
    Some(format!("{day}T{hour:02}:{minute:02}"))
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::clock_value;

    #[test]
    fn hour_24_is_the_next_day() {
        assert_eq!(clock_value(date(2020, 2, 29), 24, 0).as_deref(), Some("2020-03-01T00:00"));
        assert_eq!(clock_value(date(2018, 12, 31), 24, 30).as_deref(), Some("2019-01-01T00:30"));
        assert_eq!(clock_value(date(2018, 5, 1), 9, 5).as_deref(), Some("2018-05-01T09:05"));
    }
}
