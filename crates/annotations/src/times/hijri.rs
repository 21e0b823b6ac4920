//! Hijri ↔ Gregorian with the Umm al-Qura calendar (ICU4X's tables, the
//! calendar Saudi Arabia publishes).

use icu_calendar::cal::Hijri;
use icu_calendar::{Date as IcuDate, Iso};
use jiff::civil::Date;

/// The Gregorian date of a Umm al-Qura Hijri date, if it exists.
pub(crate) fn to_gregorian(year: i32, month: u8, day: u8) -> Option<Date> {
    let h = IcuDate::try_new_hijri_with_calendar(year, month, day, Hijri::new_umm_al_qura()).ok()?;
    let iso = h.to_calendar(Iso);
    let y = i16::try_from(iso.year().extended_year()).ok()?;
    Date::new(y, iso.month().ordinal as i8, iso.day_of_month().0 as i8).ok()
}

/// The Hijri year and month a Gregorian date falls in.
pub(crate) fn year_month_of(date: Date) -> Option<(i64, u8)> {
    let iso = IcuDate::try_new_iso(i32::from(date.year()), date.month() as u8, date.day() as u8).ok()?;
    let h = iso.to_calendar(Hijri::new_umm_al_qura());
    Some((i64::from(h.year().extended_year()), h.month().ordinal))
}

/// The first and last Gregorian days of a Hijri month.
pub(crate) fn month_interval(year: i32, month: u8) -> Option<(Date, Date)> {
    let first = to_gregorian(year, month, 1)?;
    let next = if month >= 12 { to_gregorian(year + 1, 1, 1) } else { to_gregorian(year, month + 1, 1) }?;
    Some((first, next.yesterday().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn umm_al_qura() {
        // 1 Ramadan 1439 AH = 16 May 2018; 1 Muharram 1440 = 11 September 2018.
        assert_eq!(to_gregorian(1439, 9, 1), Some(Date::constant(2018, 5, 16)));
        assert_eq!(to_gregorian(1440, 1, 1), Some(Date::constant(2018, 9, 11)));
        assert_eq!(to_gregorian(1439, 13, 1), None);
        assert_eq!(year_month_of(Date::constant(2018, 6, 1)), Some((1439, 9)));
        assert_eq!(month_interval(1439, 9), Some((Date::constant(2018, 5, 16), Date::constant(2018, 6, 14))));
        assert_eq!(month_interval(1439, 12).map(|(_, b)| b), Some(Date::constant(2018, 9, 10)));
    }
}
