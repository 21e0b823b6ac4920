//! The stored form of an analysis: its JSON without what the article text
//! already says. A span's `text` is the text between its byte offsets and
//! its `cstart`/`cend` count characters up to them, so they are dropped when
//! they agree with the text and put back on reading. That halves what an
//! analysis takes on disk (it prints at about five times its text).
//!
//! A dropped `text` is stored as `0` and dropped character offsets as
//! `null`: neither value occurs in the analysis contract, so reading back
//! is exact.

use serde_json::{Map, Value};

/// Character index of each byte offset of `text` that starts a character
/// (and of its end); other entries are unused.
fn char_starts(text: &str) -> Vec<u32> {
    let mut at = vec![u32::MAX; text.len() + 1];
    let mut n = 0u32;
    for (b, _) in text.char_indices() {
        at[b] = n;
        n += 1;
    }
    at[text.len()] = n;
    at
}

fn offsets(o: &Map<String, Value>) -> Option<(usize, usize)> {
    let s = o.get("start")?.as_u64()? as usize;
    let e = o.get("end")?.as_u64()? as usize;
    Some((s, e))
}

/// Drops the spans' texts and character offsets that `text` gives back.
pub(crate) fn strip(v: &mut Value, text: &str) {
    strip_with(v, text, &char_starts(text));
}

fn strip_with(v: &mut Value, text: &str, chars: &[u32]) {
    match v {
        Value::Array(a) => a.iter_mut().for_each(|x| strip_with(x, text, chars)),
        Value::Object(o) => {
            if let Some((s, e)) = offsets(o) {
                let same = text.get(s..e).is_some_and(|t| o.get("text").and_then(Value::as_str) == Some(t));
                if same {
                    o.insert("text".into(), Value::from(0));
                }
                for (key, at) in [("cstart", s), ("cend", e)] {
                    let c = chars.get(at).copied().filter(|&c| c != u32::MAX);
                    if c.is_some() && o.get(key).and_then(Value::as_u64) == c.map(u64::from) {
                        o.insert(key.into(), Value::Null);
                    }
                }
            }
            o.values_mut().for_each(|x| strip_with(x, text, chars));
        }
        _ => {}
    }
}

/// Puts back what [`strip`] dropped.
pub(crate) fn restore(v: &mut Value, text: &str) {
    restore_with(v, text, &char_starts(text));
}

fn restore_with(v: &mut Value, text: &str, chars: &[u32]) {
    match v {
        Value::Array(a) => a.iter_mut().for_each(|x| restore_with(x, text, chars)),
        Value::Object(o) => {
            if let Some((s, e)) = offsets(o) {
                if o.get("text").and_then(Value::as_u64) == Some(0) {
                    let t = text.get(s..e).unwrap_or_default();
                    o.insert("text".into(), Value::from(t));
                }
                for (key, at) in [("cstart", s), ("cend", e)] {
                    if o.get(key).is_some_and(Value::is_null) {
                        let c = chars.get(at).copied().filter(|&c| c != u32::MAX).unwrap_or(0);
                        o.insert(key.into(), Value::from(c));
                    }
                }
            }
            o.values_mut().for_each(|x| restore_with(x, text, chars));
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_only_what_agrees() {
        let text = "زار الوزير الرباط";
        let orig = serde_json::json!({
            "entities": [{"start": 20, "end": 32, "cstart": 11, "cend": 17, "text": "الرباط"}],
            "actors": [{"mentions": [{"start": 0, "end": 6, "text": "زار"}]}],
            // Disagrees with the text: kept as is.
            "quotes": [{"start": 0, "end": 6, "cstart": 1, "cend": 2, "text": "قال"}],
            "speaker": null
        });
        let mut v = orig.clone();
        strip(&mut v, text);
        assert_eq!(v["entities"][0]["text"], 0);
        assert!(v["entities"][0]["cstart"].is_null());
        assert_eq!(v["actors"][0]["mentions"][0]["text"], 0);
        assert_eq!(v["quotes"][0], orig["quotes"][0]);
        restore(&mut v, text);
        assert_eq!(v, orig);
    }
}
