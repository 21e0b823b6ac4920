//! The knowledge base's TSV files, parsed into records. Shared by `build.rs`
//! (the built-in KB) and `Kb::with_dir` (a user's `--kb DIR`); std only.

use std::fmt;
use std::path::{Path, PathBuf};

/// A malformed knowledge-base line: file, line and reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceError {
    /// The file.
    pub file: PathBuf,
    /// 1-based line number (0 when the file could not be read).
    pub line: usize,
    /// What is wrong.
    pub reason: String,
}

impl fmt::Display for SourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file.display(), self.line, self.reason)
    }
}

/// A state (countries.tsv).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct State {
    /// ISO 3166-1 alpha-3.
    pub id: String,
    /// English name.
    pub name_en: String,
    /// Arabic names and variants; the first is the canonical one.
    pub names: Vec<String>,
    /// Masculine singular demonyms.
    pub demonyms: Vec<String>,
    /// Broken plurals of the demonym.
    pub plurals: Vec<String>,
}

/// An organ pattern (organs.tsv).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organ {
    /// Definite head, followed by a state adjective.
    pub definite: String,
    /// Construct head, followed by a state name; may be empty.
    pub construct: String,
    /// Code suffix (MIL, GOV, COP, SPY, LEG).
    pub suffix: String,
    /// The adjective's gender: feminine?
    pub feminine: bool,
    /// Actor kind.
    pub kind: String,
    /// English name after the state's.
    pub name_en: String,
}

/// An organisation, outlet, place or person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    /// Stable id.
    pub id: String,
    /// Actor kind.
    pub kind: String,
    /// State (alpha-3) or empty.
    pub country: String,
    /// CAMEO actor code or empty.
    pub code: String,
    /// English name.
    pub name_en: String,
    /// Arabic names; the first is the canonical one.
    pub names: Vec<String>,
    /// Offices held, with dates (people).
    pub roles: Vec<Tenure>,
}

/// An office a person held from one date until another (people.tsv `roles`:
/// `office:FROM..TO`, dates `YYYY-MM-DD`, an empty TO while in office).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tenure {
    /// The office (an id of offices.tsv).
    pub office: String,
    /// First day in office.
    pub from: String,
    /// Day the tenure ended, or empty.
    pub to: String,
}

/// An office of state (offices.tsv): heads that compose with a state
/// adjective (الرئيس الأمريكي) or a state name (رئيس وزراء إسرائيل).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Office {
    /// Stable id (president, prime_minister …).
    pub id: String,
    /// Definite heads, followed by a state adjective.
    pub definite: Vec<String>,
    /// Construct heads, followed by a state name.
    pub construct: Vec<String>,
    /// The organ the holder acts for (GOV, MIL …).
    pub suffix: String,
    /// English name.
    pub name_en: String,
}

/// A seat-of-government metonym (metonyms.tsv).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Metonym {
    /// The surface.
    pub surface: String,
    /// The state.
    pub id: String,
}

/// A framing term (framing.tsv).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Framing {
    /// The term.
    pub term: String,
    /// The actor it names, or empty.
    pub actor: String,
    /// loaded_name, loaded_title or loaded_term.
    pub kind: String,
}

/// Everything read from one knowledge-base directory.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Source {
    /// States.
    pub states: Vec<State>,
    /// Organ patterns.
    pub organs: Vec<Organ>,
    /// Organisations, outlets, places, people.
    pub entities: Vec<Entity>,
    /// Metonyms.
    pub metonyms: Vec<Metonym>,
    /// Framing terms.
    pub framing: Vec<Framing>,
    /// Offices of state.
    pub offices: Vec<Office>,
}

/// The files of a knowledge-base directory and how each is read. Entity
/// files share one format.
pub const ENTITY_FILES: [&str; 5] = ["organisations.tsv", "outlets.tsv", "places.tsv", "cities.tsv", "people.tsv"];

/// Reads every known file present in `dir` (a missing file is skipped; an
/// unknown `.tsv` file is an error, to catch typos in file names).
pub fn read_dir(dir: &Path) -> Result<Source, SourceError> {
    let mut src = Source::default();
    let entries =
        std::fs::read_dir(dir).map_err(|e| SourceError { file: dir.to_path_buf(), line: 0, reason: e.to_string() })?;
    let mut files: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    files.sort();
    for path in files {
        let Some(name) = path.file_name().and_then(|n| n.to_str()).map(str::to_string) else { continue };
        if !name.ends_with(".tsv") {
            continue;
        }
        let text = std::fs::read_to_string(&path).map_err(|e| SourceError {
            file: path.clone(),
            line: 0,
            reason: e.to_string(),
        })?;
        read_file(&mut src, &path, &name, &text)?;
    }
    Ok(src)
}

/// Parses `office:FROM..TO`.
fn tenure(s: &str) -> Result<Tenure, String> {
    let bad = || format!("role {s:?} is not office:YYYY-MM-DD..YYYY-MM-DD (the end may be empty)");
    let (office, dates) = s.split_once(':').ok_or_else(bad)?;
    let (from, to) = dates.split_once("..").ok_or_else(bad)?;
    let is_date = |d: &str| {
        let b = d.as_bytes();
        b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
    };
    if office.trim().is_empty() || !is_date(from) || !(to.is_empty() || is_date(to)) || (!to.is_empty() && to < from) {
        return Err(bad());
    }
    Ok(Tenure { office: office.trim().to_string(), from: from.to_string(), to: to.to_string() })
}

/// Parses one file's text into `src`.
pub fn read_file(src: &mut Source, path: &Path, name: &str, text: &str) -> Result<(), SourceError> {
    let err = |line: usize, reason: String| SourceError { file: path.to_path_buf(), line, reason };
    let (columns, header): (usize, &str) = match name {
        "countries.tsv" => (5, "id\tname_en\tnames_ar\tdemonyms\tplurals"),
        "organs.tsv" => (6, "definite\tconstruct\tsuffix\tgender\tkind\tname_en"),
        "metonyms.tsv" => (3, "surface\tid\tnote"),
        "framing.tsv" => (4, "term\tactor\tkind\tnote"),
        "offices.tsv" => (5, "office\tdefinite\tconstruct\tsuffix\tname_en"),
        n if ENTITY_FILES.contains(&n) => (7, "id\tkind\tcountry\tcode\tname_en\tnames_ar\troles"),
        _ => {
            return Err(err(
                0,
                format!(
                    "unknown knowledge-base file {name:?} (expected countries, organs, metonyms, framing, offices, {})",
                    ENTITY_FILES.join(", ")
                ),
            ))
        }
    };
    let mut saw_header = false;
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let raw = raw.trim_end_matches('\r');
        if raw.trim().is_empty() || raw.starts_with('#') {
            continue;
        }
        if !saw_header {
            // The roles column of entity files is optional.
            if raw != header && !(ENTITY_FILES.contains(&name) && header.strip_suffix("\troles") == Some(raw)) {
                return Err(err(line, format!("expected the header line {header:?}")));
            }
            saw_header = true;
            continue;
        }
        let mut cols: Vec<&str> = raw.split('\t').map(str::trim).collect();
        if cols.len() > columns {
            return Err(err(line, format!("{} columns, expected {columns}", cols.len())));
        }
        // Trailing empty columns may be left off.
        while cols.len() < columns {
            cols.push("");
        }
        let list = |s: &str| -> Vec<String> {
            s.split('|').map(str::trim).filter(|x| !x.is_empty()).map(str::to_string).collect()
        };
        let need = |idx: usize, what: &str| -> Result<String, SourceError> {
            if cols[idx].is_empty() {
                Err(err(line, format!("the {what} column is empty")))
            } else {
                Ok(cols[idx].to_string())
            }
        };
        match name {
            "countries.tsv" => {
                let id = need(0, "id")?;
                if id.len() != 3 || !id.bytes().all(|b| b.is_ascii_uppercase()) {
                    return Err(err(line, format!("state id {id:?} is not an ISO alpha-3 code")));
                }
                let names = list(cols[2]);
                if names.is_empty() {
                    return Err(err(line, "a state needs at least one Arabic name".into()));
                }
                src.states.push(State {
                    id,
                    name_en: need(1, "name_en")?,
                    names,
                    demonyms: list(cols[3]),
                    plurals: list(cols[4]),
                });
            }
            "organs.tsv" => {
                let feminine = match cols[3] {
                    "f" => true,
                    "m" => false,
                    g => return Err(err(line, format!("gender must be m or f, found {g:?}"))),
                };
                src.organs.push(Organ {
                    definite: need(0, "definite")?,
                    construct: cols[1].to_string(),
                    suffix: need(2, "suffix")?,
                    feminine,
                    kind: need(4, "kind")?,
                    name_en: need(5, "name_en")?,
                });
            }
            "metonyms.tsv" => src.metonyms.push(Metonym { surface: need(0, "surface")?, id: need(1, "id")? }),
            "framing.tsv" => {
                let kind = need(2, "kind")?;
                if !matches!(kind.as_str(), "loaded_name" | "loaded_title" | "loaded_term") {
                    return Err(err(
                        line,
                        format!("kind must be loaded_name, loaded_title or loaded_term, found {kind:?}"),
                    ));
                }
                if kind == "loaded_name" && cols[1].is_empty() {
                    return Err(err(line, "a loaded_name needs the actor it names".into()));
                }
                src.framing.push(Framing { term: need(0, "term")?, actor: cols[1].to_string(), kind });
            }
            "offices.tsv" => {
                let (definite, construct) = (list(cols[1]), list(cols[2]));
                if definite.is_empty() && construct.is_empty() {
                    return Err(err(line, "an office needs a definite or a construct head".into()));
                }
                src.offices.push(Office {
                    id: need(0, "office")?,
                    definite,
                    construct,
                    suffix: need(3, "suffix")?,
                    name_en: need(4, "name_en")?,
                });
            }
            _ => {
                let roles = list(cols[6]).iter().map(|r| tenure(r)).collect::<Result<Vec<_>, _>>();
                let roles = roles.map_err(|reason| err(line, reason))?;
                if !roles.is_empty() && cols[2].is_empty() {
                    return Err(err(line, "roles need the country column (the state whose office it is)".into()));
                }
                src.entities.push(Entity {
                    id: need(0, "id")?,
                    kind: need(1, "kind")?,
                    country: cols[2].to_string(),
                    code: cols[3].to_string(),
                    name_en: need(4, "name_en")?,
                    names: list(cols[5]),
                    roles,
                })
            }
        }
    }
    if !saw_header {
        return Err(err(0, format!("no header line {header:?}")));
    }
    Ok(())
}
