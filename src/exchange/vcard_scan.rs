//! A vCard file cut into its cards, counting lines as it goes, so every
//! problem names the card and line it is on: a card with no `END:VCARD`
//! before the next `BEGIN:VCARD`, a stray `END`, a line outside any card.
//! Each card is then read by calcard alone (on every core for big files),
//! so a broken card cannot swallow or shift the cards after it.

use calcard::vcard::{VCard, VCardProperty, VCardValue};
use calcard::{Entry, Parser};

use super::Problem;
use super::incoming::{Records, one_line};

/// One card's text, from its `BEGIN:VCARD` line to its `END:VCARD` line.
struct Card<'a> {
    number: usize,
    /// 1-based line of its `BEGIN:VCARD`.
    line: usize,
    text: &'a str,
}

enum Piece<'a> {
    Card(Card<'a>),
    Problem(Problem),
}

/// Every card of the file, each read into a record or into its problems,
/// in file order; group cards are counted in a notice.
pub fn parse(text: &str) -> Records {
    let pieces = pieces(text);
    let read = |piece: &Piece| match piece {
        Piece::Card(card) => read_card(card),
        Piece::Problem(p) => Err(vec![p.clone()]),
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    const SMALL: usize = 1 << 20;
    let cards: Vec<Result<super::vcard::Card, Vec<Problem>>> = if threads <= 1 || text.len() < SMALL
    {
        pieces.iter().map(read).collect()
    } else {
        let per_thread = pieces.len().div_ceil(threads).max(1);
        std::thread::scope(|scope| {
            let workers: Vec<_> = pieces
                .chunks(per_thread)
                .map(|chunk| scope.spawn(move || chunk.iter().map(read).collect::<Vec<_>>()))
                .collect();
            workers
                .into_iter()
                .flat_map(|w| w.join().unwrap_or_default())
                .collect()
        })
    };
    people_and_groups(cards)
}

/// The people as records, and one notice naming the group cards left out.
fn people_and_groups(cards: Vec<Result<super::vcard::Card, Vec<Problem>>>) -> Records {
    use super::vcard::Card;
    let mut records = Records::default();
    let mut groups: Vec<String> = Vec::new();
    for card in cards {
        match card {
            Ok(Card::Person(incoming)) => records.records.push(Ok(*incoming)),
            Ok(Card::Group(name)) => groups.push(one_line(&name)),
            Err(problems) => records.records.push(Err(problems)),
        }
    }
    if !groups.is_empty() {
        let named: Vec<String> = groups
            .iter()
            .filter(|g| !g.is_empty())
            .take(10)
            .map(|g| format!("'{g}'"))
            .collect();
        records.notices.push(format!(
            "{} group card(s) skipped (KIND:group: a list of people, not a person){}",
            groups.len(),
            if named.is_empty() {
                String::new()
            } else {
                format!(": {}", named.join(", "))
            }
        ));
    }
    records
}

fn problem(place: String, message: String) -> Problem {
    Problem {
        place,
        field: "vcard".into(),
        message,
    }
}

/// The cards and the lines outside them, line numbers counted here.
fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    // The open card: its number, line and byte offset.
    let mut open: Option<(usize, usize, usize)> = None;
    // Inside a non-vCard component (`BEGIN:VCALENDAR`): its END line.
    let mut skipping: Option<String> = None;
    let mut cards = 0;
    let mut offset = 0;
    for (index, raw) in text.split_inclusive('\n').enumerate() {
        let line = index + 1;
        let start = offset;
        offset += raw.len();
        let trimmed = raw.trim_start_matches('\u{feff}').trim();
        let is = |what: &str| trimmed.eq_ignore_ascii_case(what);
        if let Some(end) = &skipping {
            if is(end) {
                skipping = None;
            }
            continue;
        }
        if is("BEGIN:VCARD") {
            if let Some((number, begun, _)) = open {
                out.push(Piece::Problem(problem(
                    format!("card {number}, line {begun}"),
                    format!(
                        "card {number} (line {begun}) has no END:VCARD: line {line} begins \
                         another card inside it; the card was not read"
                    ),
                )));
            }
            cards += 1;
            open = Some((cards, line, start));
        } else if is("END:VCARD") {
            match open.take() {
                Some((number, begun, from)) => out.push(Piece::Card(Card {
                    number,
                    line: begun,
                    text: &text[from..offset],
                })),
                None => out.push(Piece::Problem(problem(
                    format!("line {line}"),
                    "END:VCARD without a BEGIN:VCARD before it".into(),
                ))),
            }
        } else if open.is_none() && !trimmed.is_empty() {
            let upper = trimmed.to_ascii_uppercase();
            let message = match upper.strip_prefix("BEGIN:") {
                Some(kind) => {
                    skipping = Some(format!("END:{kind}"));
                    format!("BEGIN:{kind}: not a contact card; skipped to its END:{kind}")
                }
                None => format!("'{}' is not a vCard property line", one_line(trimmed)),
            };
            out.push(Piece::Problem(problem(format!("line {line}"), message)));
        }
    }
    // A last card cut short is read as far as it goes (calcard reads a
    // card to the end of its text), as a phone's truncated export deserves.
    if let Some((number, begun, from)) = open {
        out.push(Piece::Card(Card {
            number,
            line: begun,
            text: &text[from..],
        }));
    }
    out
}

fn read_card(card: &Card) -> Result<super::vcard::Card, Vec<Problem>> {
    let place = format!("card {}, line {}", card.number, card.line);
    let text = super::vcard21::explicit_quoted_printable(card.text);
    let mut parser = Parser::new(&text);
    match parser.entry() {
        Entry::VCard(vcard) => {
            let undecoded = undecoded(card, &vcard);
            if !undecoded.is_empty() {
                return Err(undecoded);
            }
            super::vcard::read_card(&vcard, place)
        }
        Entry::InvalidLine(bad) => Err(vec![problem(
            card.line_of_text(&bad).unwrap_or(place),
            format!("'{}' is not a vCard property line", one_line(&bad)),
        )]),
        _ => Err(vec![problem(place, "not a contact card".into())]),
    }
}

/// Text values that still hold U+FFFD (bytes that were not text in the
/// charset the card names) or stayed bytes (a charset nobody knows): the
/// card is refused naming the line and field, never stored with `�`.
fn undecoded(card: &Card, vcard: &VCard) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (index, entry) in vcard.entries.iter().enumerate() {
        let reading = entry.params.iter().any(|p| {
            matches!(&p.name, calcard::vcard::VCardParameterName::Other(n) if n.eq_ignore_ascii_case("X-IRMC-N"))
        });
        if (is_binary_property(&entry.name) && !reading) || !entry.values.iter().any(is_undecoded) {
            continue;
        }
        let name = entry.name.as_str().to_string();
        let nth = vcard.entries[..index]
            .iter()
            .filter(|e| e.name == entry.name)
            .count();
        let (place, charset) = match card.property_line(&name, nth) {
            Some((line, text)) => (
                format!("card {}, line {line}", card.number),
                charset_of(text),
            ),
            None => (format!("card {}, line {}", card.number, card.line), None),
        };
        let message = match charset {
            Some(charset) => format!(
                "cannot be decoded as {charset}: it holds bytes that are not {charset} text \
                 (a wrong CHARSET?); the card was not imported"
            ),
            None => "holds text that cannot be read (U+FFFD, the mark an earlier conversion \
                     leaves, or bytes in no encoding the card names); the card was not imported"
                .into(),
        };
        problems.push(Problem {
            place,
            field: name,
            message,
        });
    }
    problems
}

fn is_binary_property(name: &VCardProperty) -> bool {
    matches!(
        name,
        VCardProperty::Photo | VCardProperty::Logo | VCardProperty::Sound | VCardProperty::Key
    )
}

fn is_undecoded(value: &VCardValue) -> bool {
    match value {
        VCardValue::Text(s) => s.contains('\u{FFFD}'),
        VCardValue::Component(parts) => parts.iter().any(|s| s.contains('\u{FFFD}')),
        VCardValue::Binary(_) => true,
        _ => false,
    }
}

/// The `CHARSET=` parameter of a property line, if it has one.
fn charset_of(line: &str) -> Option<String> {
    let params = line.split(':').next()?;
    params.split(';').find_map(|p| {
        let (name, value) = p.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("CHARSET")
            .then(|| value.trim().trim_matches('"').to_string())
    })
}

impl Card<'_> {
    fn lines(&self) -> impl Iterator<Item = (usize, &str)> {
        self.text
            .lines()
            .enumerate()
            .map(move |(i, l)| (self.line + i, l))
    }

    /// The line (number and text) of the `nth` (0-based) property `name`.
    fn property_line(&self, name: &str, nth: usize) -> Option<(usize, &str)> {
        self.lines()
            .filter(|(_, l)| !l.starts_with([' ', '\t']))
            .filter(|(_, l)| {
                let head = l.split([';', ':']).next().unwrap_or("");
                let bare = head.rsplit('.').next().unwrap_or(head);
                bare.trim().eq_ignore_ascii_case(name)
            })
            .nth(nth)
    }

    /// `line N` of the first line of this card that reads `bad`.
    fn line_of_text(&self, bad: &str) -> Option<String> {
        let first = bad.lines().next()?.trim();
        self.lines()
            .find(|(_, l)| !first.is_empty() && l.trim() == first)
            .map(|(n, _)| format!("card {}, line {n}", self.number))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_card_without_end_is_named_with_its_own_line() {
        let text =
            "BEGIN:VCARD\nFN:A\nEND:VCARD\nBEGIN:VCARD\nFN:B\nBEGIN:VCARD\nFN:C\nEND:VCARD\n";
        let records = parse(text).records;
        assert_eq!(records.len(), 3);
        let problems = records[1].as_ref().unwrap_err();
        assert_eq!(problems[0].place, "card 2, line 4");
        assert!(
            problems[0]
                .message
                .contains("card 2 (line 4) has no END:VCARD")
        );
        let last = records[2].as_ref().unwrap();
        assert_eq!(last.place, "card 3, line 6");
    }

    #[test]
    fn a_replacement_character_refuses_its_card_by_line_and_field() {
        let text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jos\u{FFFD}\r\nEND:VCARD\r\n";
        let problems = parse(text).records.remove(0).unwrap_err();
        assert_eq!(problems[0].place, "card 1, line 3");
        assert_eq!(problems[0].field, "FN");
        assert!(problems[0].message.contains("U+FFFD"));
    }
}
