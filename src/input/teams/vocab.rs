//! The words Teams writes in its exports, in the languages seen: roles, join/leave actions, and
//! the header words that tell a file's language.
//!
//! Blocks are found by their shape ([`super::grid`]), never by these words; the words only
//! give meaning to cells (a role, an action) and, as a last resort, the day/month order (see
//! [`super::clock`]). Words are compared after [`fold`]: case folded, Unicode spaces collapsed,
//! a trailing `:` dropped. Entries marked *inferred* are not established by a public source
//! (FORMATS.md section 5 says so of the whole Italian file).

use crate::sessions::Role;

/// A join or leave event of the attendance list (format A) or the live-event report (D).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Action {
    /// The participant joined at this time.
    Joined,
    /// The participant was already present when the list began; the time is the organizer's.
    JoinedBefore,
    /// The participant left at this time.
    Left,
}

/// Removes invisible format characters (BOM, direction marks, zero-width spaces) and turns every
/// Unicode space (NBSP, U+202F, TAB…) into an ASCII space.
pub(crate) fn spaces(cell: &str) -> String {
    cell.chars()
        .filter_map(|c| match c {
            '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}' | '\u{061C}' => None,
            c if c.is_whitespace() => Some(' '),
            c => Some(c),
        })
        .collect()
}

/// Case folded, spaces collapsed, a trailing `:` removed.
pub(crate) fn fold(word: &str) -> String {
    let spaced = spaces(word);
    let joined = spaced.split_whitespace().collect::<Vec<_>>().join(" ");
    joined.trim_end_matches(':').trim_end().to_lowercase()
}

const ROLES: &[(&str, Role)] = &[
    ("organizer", Role::Organizer),
    ("organiser", Role::Organizer),
    ("co-organizer", Role::Organizer),
    ("co-organiser", Role::Organizer),
    ("coorganizer", Role::Organizer),
    ("organizzatore", Role::Organizer),
    ("co-organizzatore", Role::Organizer),
    ("organisateur", Role::Organizer),
    ("co-organisateur", Role::Organizer),
    ("coorganisateur", Role::Organizer),
    ("organizador", Role::Organizer),
    ("coorganizador", Role::Organizer),
    ("co-organizador", Role::Organizer),
    ("organizator", Role::Organizer),
    ("współorganizator", Role::Organizer),
    ("organisator", Role::Organizer),
    ("mitorganisator", Role::Organizer),
    ("presenter", Role::Presenter),
    ("relatore", Role::Presenter),
    ("relatrice", Role::Presenter),
    ("présentateur", Role::Presenter),
    ("présentatrice", Role::Presenter),
    ("presentateur", Role::Presenter),
    ("apresentador", Role::Presenter),
    ("apresentadora", Role::Presenter),
    ("presentador", Role::Presenter),
    ("presentadora", Role::Presenter),
    ("prezenter", Role::Presenter),
    ("referent", Role::Presenter),
    ("attendee", Role::Attendee),
    ("partecipante", Role::Attendee),
    ("participant", Role::Attendee),
    ("participante", Role::Attendee),
    ("uczestnik", Role::Attendee),
    ("teilnehmer", Role::Attendee),
    ("teilnehmende", Role::Attendee),
    ("deelnemer", Role::Attendee),
];

/// Reads a role word in any of the known languages.
pub(crate) fn role(word: &str) -> Option<Role> {
    let f = fold(word);
    ROLES.iter().find(|(w, _)| *w == f).map(|&(_, r)| r)
}

const ACTIONS: &[(&str, Action)] = &[
    ("joined", Action::Joined),
    ("entrou", Action::Joined),
    ("ingressou", Action::Joined),
    ("rejoint", Action::Joined),
    ("a rejoint", Action::Joined),
    ("se unió", Action::Joined),
    ("unido", Action::Joined),
    ("dołączył", Action::Joined),
    ("dołączyła", Action::Joined),
    ("dołączył(a)", Action::Joined),
    ("beigetreten", Action::Joined),
    // Italian: inferred.
    ("entrato", Action::Joined),
    ("è entrato", Action::Joined),
    ("si è unito", Action::Joined),
    ("joined before", Action::JoinedBefore),
    ("entrou antes de", Action::JoinedBefore),
    ("entrou antes", Action::JoinedBefore),
    ("ingressou antes de", Action::JoinedBefore),
    ("ingressou antes", Action::JoinedBefore),
    ("a rejoint avant", Action::JoinedBefore),
    ("rejoint avant", Action::JoinedBefore),
    ("se unió antes", Action::JoinedBefore),
    ("dołączył przed", Action::JoinedBefore),
    ("entrato prima", Action::JoinedBefore),
    ("left", Action::Left),
    ("saiu", Action::Left),
    ("a quitté", Action::Left),
    ("quitté", Action::Left),
    ("est parti", Action::Left),
    ("salió", Action::Left),
    ("abandonó", Action::Left),
    ("opuścił", Action::Left),
    ("opuściła", Action::Left),
    ("opuścił(a)", Action::Left),
    ("verlassen", Action::Left),
    ("hat verlassen", Action::Left),
    // Italian: inferred.
    ("uscito", Action::Left),
    ("è uscito", Action::Left),
    ("ha abbandonato", Action::Left),
];

/// Reads a join/leave action word in any of the known languages.
pub(crate) fn action(word: &str) -> Option<Action> {
    let f = fold(word);
    ACTIONS.iter().find(|(w, _)| *w == f).map(|&(_, a)| a)
}

/// Header words of the role column, for a file whose role words are all unknown.
const ROLE_HEADERS: &[&str] = &["role", "rôle", "ruolo", "função", "funcao", "rola", "rol", "rolle", "funzione"];

/// True when a header cell names the role column.
pub(crate) fn is_role_header(cell: &str) -> bool {
    ROLE_HEADERS.contains(&fold(cell).as_str())
}

/// Summary keys that introduce the meeting's title.
const TITLE_KEYS: &[&str] = &[
    "meeting title",
    "titre de la réunion",
    "título da reunião",
    "titolo riunione",
    "titolo della riunione",
    "tytuł spotkania",
    "título de la reunión",
    "besprechungstitel",
];

/// True when a summary key introduces the meeting's title.
pub(crate) fn is_title_key(cell: &str) -> bool {
    TITLE_KEYS.contains(&fold(cell).as_str())
}

/// The languages whose words are known, in the order ties are broken.
const LANGUAGES: &[&str] = &["en", "pt", "fr", "it", "pl", "es", "de"];

/// Header, title, summary and action words that only one language uses.
const LANGUAGE_WORDS: &[(&str, &str)] = &[
    ("full name", "en"),
    ("user action", "en"),
    ("timestamp", "en"),
    ("meeting summary", "en"),
    ("total number of participants", "en"),
    ("meeting title", "en"),
    ("meeting start time", "en"),
    ("meeting end time", "en"),
    ("join time", "en"),
    ("leave time", "en"),
    ("duration", "en"),
    ("role", "en"),
    ("participant id (upn)", "en"),
    ("1. summary", "en"),
    ("2. participants", "en"),
    ("3. in-meeting activities", "en"),
    ("attended participants", "en"),
    ("start time", "en"),
    ("end time", "en"),
    ("meeting duration", "en"),
    ("average attendance time", "en"),
    ("first join", "en"),
    ("last leave", "en"),
    ("in-meeting duration", "en"),
    ("session id", "en"),
    ("utc event timestamp", "en"),
    ("action", "en"),
    ("joined", "en"),
    ("left", "en"),
    ("joined before", "en"),
    ("nome completo", "pt"),
    ("atividade", "pt"),
    ("data e hora", "pt"),
    ("carimbo de data/hora", "pt"),
    ("1. resumo", "pt"),
    ("título da reunião", "pt"),
    ("participantes presentes", "pt"),
    ("hora de início", "pt"),
    ("hora de término", "pt"),
    ("duração da reunião", "pt"),
    ("2. participantes", "pt"),
    ("primeiro ingresso", "pt"),
    ("última saída", "pt"),
    ("duração na reunião", "pt"),
    ("id do participante (upn)", "pt"),
    ("função", "pt"),
    ("3. atividades", "pt"),
    ("entrou", "pt"),
    ("saiu", "pt"),
    ("ingressou", "pt"),
    ("entrou antes de", "pt"),
    ("résumé de la réunion", "fr"),
    ("nombre total de participants", "fr"),
    ("titre de la réunion", "fr"),
    ("heure de début de la réunion", "fr"),
    ("heure de fin", "fr"),
    ("nom complet", "fr"),
    ("heure d'arrivée", "fr"),
    ("heure de départ", "fr"),
    ("durée", "fr"),
    ("rôle", "fr"),
    ("rejoint", "fr"),
    ("a quitté", "fr"),
    ("1. riepilogo", "it"),
    ("titolo riunione", "it"),
    ("titolo della riunione", "it"),
    ("partecipanti presenti", "it"),
    ("ora di inizio", "it"),
    ("ora di fine", "it"),
    ("durata riunione", "it"),
    ("tempo medio di partecipazione", "it"),
    ("2. partecipanti", "it"),
    ("primo ingresso", "it"),
    ("ultima uscita", "it"),
    ("durata nella riunione", "it"),
    ("id partecipante (upn)", "it"),
    ("ruolo", "it"),
    ("3. attività durante la riunione", "it"),
    ("ora di ingresso", "it"),
    ("ora di uscita", "it"),
    ("durata", "it"),
    ("azione utente", "it"),
    ("imię i nazwisko", "pl"),
    ("znacznik czasu", "pl"),
    ("dołączył", "pl"),
    ("opuścił", "pl"),
    ("nombre completo", "es"),
    ("marca de tiempo", "es"),
    ("se unió", "es"),
    ("salió", "es"),
    ("vollständiger name", "de"),
    ("benutzeraktion", "de"),
    ("zeitstempel", "de"),
    ("beigetreten", "de"),
    ("verlassen", "de"),
];

/// The language most of the words belong to: English whenever it has at least as many hits as
/// any other language; `None` when no word is known.
pub(crate) fn language<'a>(words: impl IntoIterator<Item = &'a str>) -> Option<&'static str> {
    let mut hits = [0usize; 7];
    for w in words {
        let f = fold(w);
        if let Some((_, lang)) = LANGUAGE_WORDS.iter().find(|(k, _)| *k == f) {
            if let Some(i) = LANGUAGES.iter().position(|l| l == lang) {
                if let Some(h) = hits.get_mut(i) {
                    *h += 1;
                }
            }
        }
    }
    let (best, &count) = hits.iter().enumerate().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(&a.0)))?;
    if count == 0 {
        return None;
    }
    let english = hits.first().copied().unwrap_or(0);
    if english > 0 && english >= count {
        return Some("en");
    }
    LANGUAGES.get(best).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_in_every_known_language() {
        for (w, r) in [
            ("Organizer", Role::Organizer),
            ("Organizzatore", Role::Organizer),
            ("Organisateur", Role::Organizer),
            ("Organizador", Role::Organizer),
            ("Organizator", Role::Organizer),
            ("Presenter", Role::Presenter),
            ("Relatore", Role::Presenter),
            ("Présentateur", Role::Presenter),
            ("Apresentador", Role::Presenter),
            ("Attendee", Role::Attendee),
            ("Partecipante", Role::Attendee),
            ("Participant", Role::Attendee),
            (" participante\u{a0}", Role::Attendee),
        ] {
            assert_eq!(role(w), Some(r), "{w}");
        }
        assert_eq!(role("Cittadino Due"), None);
        assert_eq!(role(""), None);
    }

    #[test]
    fn actions_in_every_known_language() {
        for (w, a) in [
            ("Joined", Action::Joined),
            ("Entrou", Action::Joined),
            ("Ingressou", Action::Joined),
            ("Rejoint", Action::Joined),
            ("Joined before", Action::JoinedBefore),
            ("Entrou antes de", Action::JoinedBefore),
            ("JOINED  BEFORE", Action::JoinedBefore),
            ("Left", Action::Left),
            ("Saiu", Action::Left),
            ("A quitté", Action::Left),
        ] {
            assert_eq!(action(w), Some(a), "{w}");
        }
        assert_eq!(action("Accepted"), None);
    }

    #[test]
    fn language_prefers_english_on_ties() {
        assert_eq!(language(["Full Name", "User Action", "Timestamp"]), Some("en"));
        assert_eq!(language(["Nome Completo", "Atividade", "Data e hora"]), Some("pt"));
        assert_eq!(language(["1. Riepilogo", "Titolo riunione", "Ora di inizio"]), Some("it"));
        assert_eq!(language(["Xyz", "Abc"]), None);
        assert_eq!(language(["Timestamp", "Atividade"]), Some("en"));
    }
}
