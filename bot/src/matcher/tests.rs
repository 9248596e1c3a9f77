//! Matching aliases exactly, with typos, through suffixes and across word boundaries.

use super::*;

fn matcher() -> Matcher<&'static str> {
    let mut m = Matcher::default();
    m.add("ktp_el", "ktp");
    m.add("ktp_el", "ktp el");
    m.add("ktp_el", "ektp");
    m.add("kk", "kk");
    m.add("kk", "kartu keluarga");
    m.add("hilang", "hilang");
    m.add_weighted("perubahan", "ganti", 0.75);
    m
}

fn keys(m: &Matcher<&'static str>, text: &str) -> Vec<&'static str> {
    m.find_all(&text::tokens(text)).iter().map(|h| h.key).collect()
}

#[test]
fn finds_exact_and_fuzzy_aliases() {
    let m = matcher();
    assert_eq!(keys(&m, "KTP saya hilang"), vec!["ktp_el", "hilang"]);
    assert_eq!(keys(&m, "kpt"), vec!["ktp_el"]);
    assert_eq!(keys(&m, "ktpel"), vec!["ktp_el"]);
    assert_eq!(keys(&m, "kartu klwrga"), vec!["kk"]);
    assert_eq!(keys(&m, "hilng"), vec!["hilang"]);
}

#[test]
fn exact_hits_score_higher_than_typos() {
    let m = matcher();
    let exact = m.best(&text::tokens("ktp")).unwrap().score;
    let swapped = m.best(&text::tokens("kpt")).unwrap().score;
    let dropped = m.best(&text::tokens("hilng")).unwrap().score;
    assert!(exact >= 1.0);
    assert!(swapped < 0.8, "a swapped three-letter word is a weak guess: {swapped}");
    assert!(dropped > 0.85 && dropped < 1.0, "a dropped letter near the end is a good guess: {dropped}");
}

#[test]
fn reads_through_possessive_suffixes_and_split_words() {
    let m = matcher();
    assert_eq!(keys(&m, "ktpnya hilang"), vec!["hilang", "ktp_el"], "the exact word scores above the suffixed one");
    assert_eq!(keys(&m, "kkna"), vec!["kk"]);
    assert_eq!(keys(&m, "e ktp"), vec!["ktp_el"]);
    let hit = m.best(&text::tokens("e ktp")).unwrap();
    assert_eq!((hit.start, hit.end), (0, 2), "the split word is covered whole");
}

#[test]
fn weak_aliases_lose_to_specific_ones_but_are_still_found() {
    let m = matcher();
    let hits = m.find_all(&text::tokens("ganti ktp hilang"));
    assert_eq!(hits[0].key, "ktp_el");
    assert!(hits.iter().any(|h| h.key == "perubahan" && h.score < 0.8));
}

#[test]
fn reads_through_the_affixes_listed_as_data() {
    let mut m = matcher();
    m.add("perubahan", "lereskeun");
    m.add("akta_kematian", "akta kematian");
    assert_eq!(keys(&m, "dilereskeun"), vec!["perubahan"], "passive di-");
    assert_eq!(keys(&m, "diktp"), vec!["ktp_el"], "`di ktp` typed as one word");
    assert_eq!(keys(&m, "akta kematianana"), vec!["akta_kematian"], "Sundanese -ana");
    assert_eq!(keys(&m, "dinas"), Vec::<&str>::new(), "only a known word remains");
}

#[test]
fn an_everyday_word_with_a_suffix_is_no_typo() {
    let mut m = matcher();
    m.add("baru", "kakara");
    assert_eq!(keys(&m, "kakaknya"), Vec::<&str>::new(), "`kakak` + `nya`, not `kakara`");
}

#[test]
fn short_words_do_not_match_everything() {
    let m = matcher();
    for text in ["ka", "kta", "sim", "kartu nikah", "k", "punya", "tanya"] {
        assert_eq!(m.best(&text::tokens(text)), None, "{text}");
    }
}

#[test]
fn whole_requires_the_alias_to_cover_every_token() {
    let m = matcher();
    assert_eq!(m.whole(&text::tokens("kartu keluarga")).map(|h| h.key), Some("kk"));
    assert_eq!(m.whole(&text::tokens("kartu keluarga hilang")), None);
}

#[test]
fn similarity_thresholds_depend_on_length() {
    assert!(token_similarity("ktp", "kpt") > 0.0);
    assert_eq!(token_similarity("ktp", "kta"), 0.0, "three letters: a swap only");
    assert_eq!(token_similarity("kk", "ka"), 0.0, "two letters: exact only");
    assert!(token_similarity("keluarga", "klwrga") > 0.0, "long words forgive dropped vowels");
    assert_eq!(token_similarity("rusak", "busak"), 0.0, "the first letter must agree");
    assert_eq!(token_similarity("baru", "barang"), 0.0, "too many edits for a short word");
}
