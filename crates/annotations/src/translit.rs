//! A plain transliteration of Arabic names for actors outside the knowledge
//! base: a simplified ALA-LC without diacritics, so it is ASCII and
//! predictable (أفيف كوخافي → Afif Kukhafi). Short vowels are not written in
//! Arabic, so names come out without them; the point is a readable, stable
//! label, not the name's customary English spelling.
//!
//! Scheme: ا/أ/إ/آ/ى → a (word-initial ا of the article → al-), ب b, ت t, ث th,
//! ج j, ح h, خ kh, د d, ذ dh, ر r, ز z, س s, ش sh, ص s, ض d, ط t, ظ z, ع ',
//! غ gh, ف f, ق q, ك k, ل l, م m, ن n, ه h, ة a, و w/u, ي y/i, ء ؤ ئ '.
//! و and ي are vowels (u, i) after a consonant and consonants (w, y)
//! elsewhere; a word-initial أو / إي is u / i; doubled vowel letters
//! collapse; each word is capitalised.

fn letter(c: char, prev_consonant: bool, next: Option<char>) -> &'static str {
    match c {
        'ا' | 'أ' | 'إ' | 'آ' | 'ٱ' | 'ى' => "a",
        'ب' => "b",
        'ت' => "t",
        'ث' => "th",
        'ج' => "j",
        'ح' => "h",
        'خ' => "kh",
        'د' => "d",
        'ذ' => "dh",
        'ر' => "r",
        'ز' => "z",
        'س' => "s",
        'ش' => "sh",
        'ص' => "s",
        'ض' => "d",
        'ط' => "t",
        'ظ' => "z",
        'ع' => "'",
        'غ' => "gh",
        'ف' | 'ڤ' => "f",
        'ق' => "q",
        'ك' | 'ک' => "k",
        'ل' => "l",
        'م' => "m",
        'ن' => "n",
        'ه' => "h",
        'ة' => "a",
        'و' if prev_consonant => "u",
        'و' => "w",
        'ي' | 'ی' if prev_consonant && next != Some('ا') => "i",
        'ي' | 'ی' => "y",
        'ء' | 'ؤ' | 'ئ' => "'",
        'پ' => "p",
        'چ' => "ch",
        'گ' => "g",
        _ => "",
    }
}

/// The transliteration of an Arabic surface (see the module docs).
pub fn transliterate(surface: &str) -> String {
    let mut words = Vec::new();
    for word in surface.split_whitespace() {
        let (prefix, rest) = match word.strip_prefix("ال") {
            Some(r) if r.chars().count() >= 2 => ("al-", r),
            _ => ("", word),
        };
        let mut chars: Vec<char> = rest.chars().filter(|c| !marsad_text::chars::is_dropped(*c)).collect();
        let mut out = String::from(prefix);
        // A word-initial alef carrying و or ي is a long vowel: أوشبيز, إيران.
        if chars.len() > 2 && matches!(chars[0], 'ا' | 'أ' | 'إ') && matches!(chars[1], 'و' | 'ي') {
            out.push(if chars[1] == 'و' { 'u' } else { 'i' });
            chars.drain(..2);
        }
        let mut prev_consonant = false;
        for (i, &c) in chars.iter().enumerate() {
            let s = letter(c, prev_consonant, chars.get(i + 1).copied());
            if s.is_empty() && !c.is_alphanumeric() {
                continue;
            }
            let s = if s.is_empty() { c.to_string() } else { s.to_string() };
            // Collapse doubled vowel letters (uu, ii, aa).
            if matches!(s.as_str(), "a" | "i" | "u") && out.ends_with(s.as_str()) {
                continue;
            }
            prev_consonant = !matches!(s.as_str(), "a" | "i" | "u" | "'");
            out.push_str(&s);
        }
        if !out.is_empty() {
            words.push(capitalise(&out));
        }
    }
    words.join(" ")
}

fn capitalise(w: &str) -> String {
    let (prefix, rest) = w.strip_prefix("al-").map_or(("", w), |r| ("al-", r));
    let mut c = rest.chars();
    match c.next() {
        Some(f) => format!("{prefix}{}{}", f.to_uppercase(), c.as_str()),
        None => w.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scheme() {
        assert_eq!(transliterate("أفيف كوخافي"), "Afif Kukhafi");
        assert_eq!(transliterate("ألون أوشبيز"), "Alun Ushbiz");
        assert_eq!(transliterate("رامي عبد الرحمن"), "Rami 'bd al-Rhmn");
        assert_eq!(transliterate("لين معلوف"), "Lin M'luf");
        assert_eq!(transliterate("مايك"), "Mayk");
        assert_eq!(transliterate("إيران"), "Iran");
        assert_eq!(transliterate(""), "");
        assert_eq!(transliterate("CNN"), "CNN");
    }
}
