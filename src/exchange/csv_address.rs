//! The address columns of a CSV row (Outlook's and Thunderbird's work,
//! home and other addresses, Google's `Address 1 - ...`): the contact's
//! city and country come from the first address that has them (work,
//! then home, then other); every address with more than that (a street,
//! a postal code, a city elsewhere) is kept whole as a note, so nothing
//! in those columns is lost.

use super::csv_layout::{Part, Place};
use super::incoming::Incoming;

pub fn apply(incoming: &mut Incoming, parts: &[(Place, Part, String)]) {
    if parts.is_empty() {
        return;
    }
    let places = [Place::Work, Place::Home, Place::Other];
    let first = |part: Part| {
        places.iter().find_map(|place| {
            parts
                .iter()
                .find(|(p, q, _)| p == place && *q == part)
                .map(|(p, _, v)| (*p, v.clone()))
        })
    };
    let c = &mut incoming.contact;
    let city = first(Part::City);
    let country = first(Part::Country);
    if c.city.is_none()
        && let Some((_, city)) = &city
    {
        c.city = Some(city.clone());
    }
    if c.country.is_none()
        && let Some((_, country)) = &country
    {
        c.country = Some(country.clone());
    }
    for place in places {
        let of = |part: Part| -> Vec<&str> {
            parts
                .iter()
                .filter(|(p, q, _)| *p == place && *q == part)
                .map(|(_, _, v)| v.as_str())
                .collect()
        };
        let kept_whole = |part: Part, chosen: &Option<(Place, String)>| {
            of(part).is_empty() || chosen.as_ref().is_some_and(|(p, _)| *p == place)
        };
        let more = [Part::Street, Part::PoBox, Part::State, Part::Postal]
            .iter()
            .any(|p| !of(*p).is_empty());
        if !more && kept_whole(Part::City, &city) && kept_whole(Part::Country, &country) {
            continue;
        }
        let city_line = [of(Part::Postal), of(Part::City)].concat().join(" ");
        let lines: Vec<String> = [
            of(Part::Street).join(", "),
            of(Part::PoBox).join(", "),
            city_line,
            of(Part::State).join(", "),
            of(Part::Country).join(", "),
        ]
        .into_iter()
        .filter(|l| !l.trim().is_empty())
        .collect();
        if !lines.is_empty() {
            incoming
                .notes
                .push(format!("{} address: {}", place.word(), lines.join(", ")));
        }
    }
}
