//! Reading `data/events/triggers.tsv` and spelling out its inflections. Used
//! by the build script (which compiles the file into static tables; a bad
//! line fails the build with file:line and the reason) and by its tests.
//!
//! Verb inflections are generated here rather than by a morphological
//! analyser: no Rust crate inflects Arabic verbs, and the third-person forms
//! news uses are regular enough to spell from the perfect and the imperfect
//! stem.

/// One row of the trigger file.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub past: Option<String>,
    pub present: Option<String>,
    pub nouns: Vec<String>,
    pub then: Vec<String>,
    pub plover: String,
    pub cameo: String,
    pub goldstein: f32,
    pub target: Vec<String>,
    pub what: String,
    /// 1-based line in the file.
    pub line: usize,
}

/// What a form of a row is: a perfect or imperfect verb, or a noun.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Form {
    Past,
    Present,
    Noun,
}

const PLOVER: [&str; 16] = [
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
];

const PREPOSITIONS: [&str; 18] = [
    "obj",
    "subj",
    "self",
    "إلى",
    "مع",
    "على",
    "ضد",
    "ب",
    "ل",
    "عن",
    "من",
    "في",
    "بين",
    "أمام",
    "تجاه",
    "لدى",
    "نحو",
    "باتجاه",
];

fn list(field: &str) -> Vec<String> {
    if field == "-" || field.is_empty() {
        return Vec::new();
    }
    field.split('|').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect()
}

fn arabic_word(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| ('\u{0621}'..='\u{064A}').contains(&c))
}

/// Parses the file; errors name `file:line` and the reason.
pub fn parse(text: &str, file: &str) -> Result<Vec<Row>, String> {
    let mut rows = Vec::new();
    let mut header = false;
    for (n, raw) in text.lines().enumerate() {
        let line = n + 1;
        let at = |why: String| format!("{file}:{line}: {why}");
        let l = raw.trim_end_matches('\r');
        if l.trim().is_empty() || l.starts_with('#') {
            continue;
        }
        if !header {
            header = true;
            if l.starts_with("past\t") {
                continue;
            }
        }
        let f: Vec<&str> = l.split('\t').map(str::trim).collect();
        if f.len() != 9 {
            return Err(at(format!("expected 9 tab-separated columns, found {}", f.len())));
        }
        let word = |s: &str, what: &str| -> Result<Option<String>, String> {
            match s {
                "-" | "" => Ok(None),
                w if arabic_word(w) => Ok(Some(w.to_string())),
                w => Err(at(format!("{what} {w:?} is not one unvocalised Arabic word"))),
            }
        };
        let past = word(f[0], "past")?;
        let present = word(f[1], "present")?;
        let nouns = list(f[2]);
        if let Some(bad) = nouns.iter().find(|w| !w.split(' ').all(arabic_word)) {
            return Err(at(format!("noun {bad:?} is not unvocalised Arabic")));
        }
        if past.is_none() && present.is_none() && nouns.is_empty() {
            return Err(at("a row needs a past, a present or a noun".into()));
        }
        let plover = f[4].to_string();
        if !PLOVER.contains(&plover.as_str()) {
            return Err(at(format!("unknown PLOVER type {plover:?}")));
        }
        let cameo = f[5].to_string();
        if !(2..=4).contains(&cameo.len()) || !cameo.bytes().all(|b| b.is_ascii_digit()) {
            return Err(at(format!("CAMEO code {cameo:?} is not 2–4 digits")));
        }
        let goldstein: f32 = f[6].parse().map_err(|_| at(format!("Goldstein score {:?} is not a number", f[6])))?;
        if !(-10.0..=10.0).contains(&goldstein) {
            return Err(at(format!("Goldstein score {goldstein} is outside −10..10")));
        }
        let target = list(f[7]);
        if let Some(bad) = target.iter().find(|p| !PREPOSITIONS.contains(&p.as_str())) {
            return Err(at(format!("target {bad:?} is not obj or a preposition of {PREPOSITIONS:?}")));
        }
        rows.push(Row {
            past,
            present,
            nouns,
            then: list(f[3]),
            plover,
            cameo,
            goldstein,
            target,
            what: f[8].to_string(),
            line,
        });
    }
    Ok(rows)
}

/// The third-person forms of a row, unnormalised: (form, kind).
pub fn forms(row: &Row) -> Vec<(String, Form)> {
    let mut out = Vec::new();
    if let Some(p) = &row.past {
        out.push((p.clone(), Form::Past));
        // التقى → التقت، التقوا، التقيا; دعا → دعت، دعوا.
        let base = p.strip_suffix(['ى', 'ا']).unwrap_or(p);
        let defective = base.len() != p.len();
        for end in ["ت", "وا", "تا"] {
            out.push((format!("{base}{end}"), Form::Past));
        }
        out.push((if defective { format!("{base}يا") } else { format!("{p}ا") }, Form::Past));
    }
    if let Some(s) = &row.present {
        for pre in ["ي", "ت", "ن", "أ"] {
            out.push((format!("{pre}{s}"), Form::Present));
        }
        // يدعو → يدعون; يلتقي → يلتقون; يزور → يزورون.
        let (plural, dual) = if let Some(b) = s.strip_suffix(['ي', 'ى']) {
            (format!("{b}ون"), format!("{b}يان"))
        } else if s.ends_with('و') {
            (format!("{s}ن"), format!("{s}ان"))
        } else {
            (format!("{s}ون"), format!("{s}ان"))
        };
        for pre in ["ي", "ت"] {
            out.push((format!("{pre}{plural}"), Form::Present));
            out.push((format!("{pre}{dual}"), Form::Present));
        }
        // The jussive of a hollow verb after لم drops its long vowel (يزور → لم يزر).
        let letters: Vec<char> = s.chars().collect();
        if letters.len() == 3 && matches!(letters[1], 'و' | 'ي' | 'ا') {
            for pre in ["ي", "ت"] {
                out.push((format!("{pre}{}{}", letters[0], letters[2]), Form::Present));
            }
        }
    }
    for n in &row.nouns {
        out.push((n.clone(), Form::Noun));
        // The accusative with tanwin (احتجاجاً، هجوماً) keeps its alif once
        // the tanwin is gone; nouns in ة, ء or a long vowel take no alif.
        if !n.ends_with(['ة', 'ء', 'ا', 'ى', 'و', 'ي']) && !n.ends_with("ات") && !n.contains(' ') {
            out.push((format!("{n}ا"), Form::Noun));
        }
    }
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "past\tpresent\tnouns\tthen\tplover\tcameo\tgoldstein\ttarget\twhat\n";

    #[test]
    fn rows_and_forms() {
        let rows = parse(&format!("{HEAD}التقى\tلتقي\tلقاء\t-\tCONSULT\t040\t1.0\tمع|ب\tmeet\n"), "t.tsv").unwrap();
        let f: Vec<String> = forms(&rows[0]).into_iter().map(|(w, _)| w).collect();
        for w in ["التقى", "التقت", "التقوا", "التقيا", "يلتقي", "تلتقي", "يلتقون", "يلتقيان", "لقاء"]
        {
            assert!(f.contains(&w.to_string()), "{w} in {f:?}");
        }
        let rows =
            parse(&format!("{HEAD}زار\tزور\tزيارة|زيارات\t-\tCONSULT\t042\t1.9\tإلى|ل\tvisit\n"), "t.tsv").unwrap();
        let f: Vec<String> = forms(&rows[0]).into_iter().map(|(w, _)| w).collect();
        for w in ["زار", "زارت", "زاروا", "زارا", "يزور", "يزورون", "يزوران", "زيارات"]
        {
            assert!(f.contains(&w.to_string()), "{w} in {f:?}");
        }
    }

    #[test]
    fn bad_lines_name_file_and_line() {
        for (line, why) in [
            ("زار\tزور\t-\t-\tVISIT\t042\t1.9\t-\tvisit", "PLOVER"),
            ("زار\tزور\t-\t-\tCONSULT\t04a\t1.9\t-\tvisit", "CAMEO"),
            ("زار\tزور\t-\t-\tCONSULT\t042\tx\t-\tvisit", "Goldstein"),
            ("زار\tزور\t-\t-\tCONSULT\t042\t11\t-\tvisit", "outside"),
            ("زار\tزور\t-\t-\tCONSULT\t042\t1.9\tحول\tvisit", "preposition"),
            ("zar\tزور\t-\t-\tCONSULT\t042\t1.9\t-\tvisit", "Arabic"),
            ("-\t-\t-\t-\tCONSULT\t042\t1.9\t-\tvisit", "needs"),
            ("زار\tزور", "columns"),
        ] {
            let e = parse(&format!("{HEAD}{line}\n"), "t.tsv").unwrap_err();
            assert!(e.starts_with("t.tsv:2:") && e.contains(why), "{e}");
        }
    }
}
