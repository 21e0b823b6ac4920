//! GDELT-style codes of actors and days, shared by the store's GDELT export
//! and the Spark tables so both say the same of an event.

use marsad_annotations::contract::cameo_state;

/// An actor's GDELT columns.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActorCodes {
    /// CAMEO code: the actor's, or its id when that is one (`ISRMIL`).
    pub code: Option<String>,
    /// Upper-case English name (the id when there is none).
    pub name: String,
    /// Country: the state of its code, else its country.
    pub country: Option<String>,
    /// Up to three type codes (`MIL`, `GOV` …).
    pub types: Vec<String>,
}

/// The GDELT columns of the actor `id`, from what is known of it.
pub fn actor_codes(
    id: &str,
    code: Option<&str>,
    name_en: Option<&str>,
    country: Option<&str>,
    kind: Option<&str>,
) -> ActorCodes {
    let code = code.map(str::to_string).or_else(|| cameo_state(id).map(|_| id.to_string()));
    let country = code.as_deref().and_then(cameo_state).or(country).map(str::to_string);
    let name = name_en.unwrap_or(id).to_uppercase();
    // Types: the code's three-letter groups after the state (ISRMILSPY →
    // MIL, SPY), else what the actor's kind says.
    let mut types: Vec<String> = code.as_deref().filter(|c| cameo_state(c).is_some()).map_or_else(Vec::new, |c| {
        (3..c.len()).step_by(3).filter_map(|i| c.get(i..i + 3)).take(3).map(str::to_string).collect()
    });
    if types.is_empty() {
        types.extend(kind.and_then(kind_type).map(str::to_string));
    }
    ActorCodes { code, name, country, types }
}

/// The CAMEO type code of an actor kind without one in its code.
pub fn kind_type(kind: &str) -> Option<&'static str> {
    Some(match kind {
        "military" => "MIL",
        "government" => "GOV",
        "intelligence" => "SPY",
        "news_outlet" | "news_agency" => "MED",
        "igo" => "IGO",
        "ngo" => "NGO",
        "armed_group" => "REB",
        "opposition" => "OPP",
        _ => return None,
    })
}

/// Day (`YYYYMMDD`), MonthYear, Year and FractionDate of a `YYYY-MM-DD…` day.
pub fn dates(day: Option<&str>) -> Option<(i64, i64, i64, f64)> {
    let d = day?.get(..10)?.parse::<jiff::civil::Date>().ok()?;
    let (y, m, dd) = (i64::from(d.year()), i64::from(d.month()), i64::from(d.day()));
    let fraction = f64::from(d.year()) + f64::from(d.day_of_year() - 1) / f64::from(d.days_in_year());
    Some((y * 10_000 + m * 100 + dd, y * 100 + m, y, (fraction * 10_000.0).round() / 10_000.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days() {
        assert_eq!(dates(Some("2018-05-14")), Some((20180514, 201805, 2018, 2018.3644)));
        assert_eq!(dates(Some("2018-05-14T10:00")), Some((20180514, 201805, 2018, 2018.3644)));
        assert_eq!(dates(Some("PRESENT_REF")), None);
        assert_eq!(dates(None), None);
    }

    #[test]
    fn codes_country_and_types() {
        let c = actor_codes("ISRMIL", Some("ISRMIL"), Some("Israel Defense Forces"), Some("ISR"), Some("military"));
        assert_eq!(c.code.as_deref(), Some("ISRMIL"));
        assert_eq!(
            (c.name.as_str(), c.country.as_deref(), c.types.as_slice()),
            ("ISRAEL DEFENSE FORCES", Some("ISR"), &["MIL".to_string()][..])
        );
        let c = actor_codes("ORG:Hamas", None, None, Some("PSE"), Some("armed_group"));
        assert_eq!((c.code, c.name.as_str(), c.country.as_deref()), (None, "ORG:HAMAS", Some("PSE")));
        assert_eq!(c.types, ["REB"]);
        let c = actor_codes("USA", None, None, None, None);
        assert_eq!((c.code.as_deref(), c.country.as_deref(), c.types.len()), (Some("USA"), Some("USA"), 0));
    }
}
