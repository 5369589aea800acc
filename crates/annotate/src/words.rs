//! Tokens of a sentence and the word tables quantities are read with.

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Word,
    Num,
    Sym,
}

/// A token: its text, byte offsets into the sentence, and whether it touches the token
/// before it (no space between: "200lbs", "$50", "3-inch").
#[derive(Debug, Clone, Copy)]
pub struct Token<'a> {
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    pub attached: bool,
}

/// Splits a sentence into words, numbers (digits with inner `,` or `.`) and single
/// symbols. Hyphens and slashes are tokens of their own.
pub fn tokens(s: &str) -> Vec<Token<'_>> {
    let mut out: Vec<Token<'_>> = Vec::new();
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut i = 0;
    let mut last_end = usize::MAX;
    while i < chars.len() {
        let (start, c) = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let (kind, mut j) = if c.is_ascii_digit() {
            let mut j = i + 1;
            while j < chars.len() {
                let d = chars[j].1;
                let inner = matches!(d, ',' | '.')
                    && chars.get(j + 1).is_some_and(|n| n.1.is_ascii_digit());
                if d.is_ascii_digit() || inner {
                    j += 1;
                } else {
                    break;
                }
            }
            (Kind::Num, j)
        } else if c.is_alphabetic() {
            let mut j = i + 1;
            while j < chars.len() {
                let d = chars[j].1;
                let inner = matches!(d, '\'' | '’')
                    && chars.get(j + 1).is_some_and(|n| n.1.is_alphabetic());
                if d.is_alphabetic() || inner {
                    j += 1;
                } else {
                    break;
                }
            }
            // "km2", "m²": a squared or cubed unit is one word.
            let power = chars
                .get(j)
                .is_some_and(|p| matches!(p.1, '2' | '3' | '²' | '³'))
                && chars.get(j + 1).is_none_or(|n| !n.1.is_alphanumeric());
            if power {
                let stem = &s[start..chars[j].0];
                if matches!(stem, "km" | "m" | "cm" | "mm" | "mi" | "ft") {
                    j += 1;
                }
            }
            (Kind::Word, j)
        } else {
            (Kind::Sym, i + 1)
        };
        // Cap runaway tokens (a 400-digit number is one token, read as too large).
        if j - i > 4096 {
            j = i + 4096;
        }
        let end = chars.get(j).map_or(s.len(), |c| c.0);
        out.push(Token {
            text: &s[start..end],
            start,
            end,
            kind,
            attached: last_end == start,
        });
        last_end = end;
        i = j;
    }
    out
}

/// Whether any ASCII word of 3 to 12 letters in `s`, lower-cased, satisfies `f`. No
/// allocation: the pre-checks that let most sentences skip a rule set use it.
pub fn any_short_word(s: &str, f: impl Fn(&str) -> bool) -> bool {
    let mut buf = [0u8; 12];
    s.split(|c: char| !c.is_ascii_alphabetic()).any(|w| {
        if !(3..=buf.len()).contains(&w.len()) {
            return false;
        }
        let lower = &mut buf[..w.len()];
        lower.copy_from_slice(w.as_bytes());
        lower.make_ascii_lowercase();
        f(std::str::from_utf8(lower).unwrap_or(""))
    })
}

/// The value of a number word ("seven", "twenty"), and whether it is a multiplier
/// ("hundred", "million").
pub fn number_word(w: &str) -> Option<(f64, bool)> {
    const SMALL: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 8] = [
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    if let Some(i) = SMALL.iter().position(|x| *x == w) {
        return Some((i as f64, false));
    }
    if let Some(i) = TENS.iter().position(|x| *x == w) {
        return Some((20.0 + 10.0 * i as f64, false));
    }
    scale_word(w).map(|v| (v, true)).or(match w {
        "dozen" => Some((12.0, false)),
        _ => None,
    })
}

/// Scale words written after a number ("50 million", "1.5bn", "$3m").
pub fn scale_word(w: &str) -> Option<f64> {
    Some(match w {
        "hundred" => 1e2,
        "thousand" => 1e3,
        "million" | "millions" => 1e6,
        "billion" | "billions" => 1e9,
        "trillion" | "trillions" => 1e12,
        // South Asian English: "35 lakh rupees", "Rs 500 crore".
        "lakh" | "lakhs" => 1e5,
        "crore" | "crores" => 1e7,
        _ => return None,
    })
}

/// Short scale suffixes, read only right after a number or in a money amount.
pub fn scale_suffix(w: &str) -> Option<f64> {
    Some(match w {
        "k" => 1e3,
        "m" | "mn" | "mln" => 1e6,
        "bn" | "b" | "bln" => 1e9,
        "tn" | "trn" => 1e12,
        _ => return None,
    })
}

/// Currency codes and short names, read before the amount ("USD 5", "Rs 500", "KSh 500
/// million") or after it ("20 usd", "40 rmb"), lower case.
pub fn currency_code(w: &str) -> Option<&'static str> {
    Some(match w {
        "usd" => "dollar",
        "eur" => "euro",
        "gbp" => "pound sterling",
        "jpy" => "japanese yen",
        "cny" | "rmb" => "chinese yuan",
        "inr" | "rs" => "rupee",
        "chf" => "swiss franc",
        "aud" => "australian dollar",
        "cad" => "canadian dollar",
        "hkd" => "hong kong dollar",
        "ksh" | "kes" => "kenyan shilling",
        "zar" => "south african rand",
        "ngn" => "nigerian naira",
        "egp" => "egyptian pound",
        "brl" => "brazilian real",
        "mxn" => "mexican peso",
        "krw" => "south korean won",
        "rub" => "russian rouble",
        _ => return None,
    })
}

/// Currency symbols, and the words that may stand just before a `$` ("US$", "C$").
pub fn currency_symbol(prefix: Option<&str>, sym: &str) -> Option<&'static str> {
    Some(match (prefix, sym) {
        (Some("c" | "ca" | "can"), "$") => "canadian dollar",
        (Some("a" | "au"), "$") => "australian dollar",
        (Some("hk"), "$") => "hong kong dollar",
        (Some("nz"), "$") => "new zealand dollar",
        (Some("s"), "$") => "singapore dollar",
        (_, "$") => "dollar",
        (_, "£") => "pound sterling",
        (_, "€") => "euro",
        (_, "¥") => "japanese yen",
        (_, "₹") => "rupee",
        (_, "₽") => "russian rouble",
        _ => return None,
    })
}

/// Unit phrases after a number, longest first, with their canonical name (lower case,
/// British spelling, singular).
pub const UNITS: &[(&str, &str)] = &[
    ("degrees celsius", "celsius"),
    ("degree celsius", "celsius"),
    ("degrees centigrade", "celsius"),
    ("degrees fahrenheit", "fahrenheit"),
    ("degree fahrenheit", "fahrenheit"),
    ("deg celsius", "celsius"),
    ("deg fahrenheit", "fahrenheit"),
    ("degrees c", "celsius"),
    ("degree c", "celsius"),
    ("deg c", "celsius"),
    ("degrees f", "fahrenheit"),
    ("degree f", "fahrenheit"),
    ("deg f", "fahrenheit"),
    ("° c", "celsius"),
    ("° f", "fahrenheit"),
    ("°", "degree"),
    ("celsius", "celsius"),
    ("centigrade", "celsius"),
    ("fahrenheit", "fahrenheit"),
    ("degrees", "degree"),
    ("degree", "degree"),
    ("percentage points", "percentage point"),
    ("percentage point", "percentage point"),
    ("per cent", "percentage"),
    ("percent", "percentage"),
    ("pct", "percentage"),
    ("%", "percentage"),
    ("miles per hour", "mile per hour"),
    ("mile per hour", "mile per hour"),
    ("kilometres per hour", "kilometre per hour"),
    ("kilometers per hour", "kilometre per hour"),
    ("km / h", "kilometre per hour"),
    ("km / hr", "kilometre per hour"),
    ("kmh", "kilometre per hour"),
    ("kph", "kilometre per hour"),
    ("mph", "mile per hour"),
    ("knots", "knot"),
    ("knot", "knot"),
    ("square kilometres", "square kilometre"),
    ("square kilometers", "square kilometre"),
    ("square kilometre", "square kilometre"),
    ("square kilometer", "square kilometre"),
    ("square metres", "square metre"),
    ("square meters", "square metre"),
    ("square metre", "square metre"),
    ("square meter", "square metre"),
    ("square miles", "square mile"),
    ("square mile", "square mile"),
    ("square feet", "square foot"),
    ("square foot", "square foot"),
    ("sq km", "square kilometre"),
    ("sq m", "square metre"),
    ("sq ft", "square foot"),
    ("km2", "square kilometre"),
    ("km²", "square kilometre"),
    ("m2", "square metre"),
    ("m²", "square metre"),
    ("mi2", "square mile"),
    ("ft2", "square foot"),
    ("cubic metres", "cubic metre"),
    ("cubic meters", "cubic metre"),
    ("cubic metre", "cubic metre"),
    ("cubic meter", "cubic metre"),
    ("m3", "cubic metre"),
    ("m³", "cubic metre"),
    ("cm3", "cubic centimetre"),
    ("cubic feet", "cubic foot"),
    ("cubic foot", "cubic foot"),
    ("terabytes", "terabyte"),
    ("terabyte", "terabyte"),
    ("tb", "terabyte"),
    ("gigabytes", "gigabyte"),
    ("gigabyte", "gigabyte"),
    ("gb", "gigabyte"),
    ("megabytes", "megabyte"),
    ("megabyte", "megabyte"),
    ("mb", "megabyte"),
    ("kilobytes", "kilobyte"),
    ("kilobyte", "kilobyte"),
    ("kb", "kilobyte"),
    ("hectares", "hectare"),
    ("hectare", "hectare"),
    ("acres", "acre"),
    ("acre", "acre"),
    ("nautical miles", "nautical mile"),
    ("nautical mile", "nautical mile"),
    ("kilometres", "kilometre"),
    ("kilometers", "kilometre"),
    ("kilometre", "kilometre"),
    ("kilometer", "kilometre"),
    ("km", "kilometre"),
    ("metres", "metre"),
    ("m", "metre"),
    ("meters", "metre"),
    ("metre", "metre"),
    ("meter", "metre"),
    ("centimetres", "centimetre"),
    ("centimeters", "centimetre"),
    ("centimetre", "centimetre"),
    ("centimeter", "centimetre"),
    ("cm", "centimetre"),
    ("millimetres", "millimetre"),
    ("millimeters", "millimetre"),
    ("millimetre", "millimetre"),
    ("millimeter", "millimetre"),
    ("mm", "millimetre"),
    ("decimetres", "decimetre"),
    ("decimeters", "decimetre"),
    ("decimetre", "decimetre"),
    ("decimeter", "decimetre"),
    ("dm", "decimetre"),
    ("miles", "mile"),
    ("mile", "mile"),
    ("yards", "yard"),
    ("yard", "yard"),
    ("feet", "foot"),
    ("foot", "foot"),
    ("ft", "foot"),
    ("inches", "inch"),
    ("inch", "inch"),
    ("metric tonnes", "metric ton"),
    ("metric tons", "metric ton"),
    ("metric ton", "metric ton"),
    ("tonnes", "metric ton"),
    ("tonne", "metric ton"),
    ("tons", "ton"),
    ("ton", "ton"),
    ("kilograms", "kilogram"),
    ("kilogrammes", "kilogram"),
    ("kilogram", "kilogram"),
    ("kilos", "kilogram"),
    ("kg", "kilogram"),
    ("grams", "gram"),
    ("gram", "gram"),
    ("milligrams", "milligram"),
    ("milligram", "milligram"),
    ("mg", "milligram"),
    ("micrograms", "microgram"),
    ("microgram", "microgram"),
    ("lbs", "pound-mass"),
    ("lb", "pound-mass"),
    ("ounces", "ounce"),
    ("ounce", "ounce"),
    ("oz", "ounce"),
    ("millilitres", "millilitre"),
    ("milliliters", "millilitre"),
    ("millilitre", "millilitre"),
    ("milliliter", "millilitre"),
    ("ml", "millilitre"),
    ("litres", "litre"),
    ("liters", "litre"),
    ("litre", "litre"),
    ("liter", "litre"),
    ("gallons", "gallon"),
    ("gallon", "gallon"),
    ("barrels", "barrel"),
    ("barrel", "barrel"),
    ("us dollars", "dollar"),
    ("us dollar", "dollar"),
    ("元", "chinese yuan"),
    ("turkish lira", "turkish lira"),
    ("dollars", "dollar"),
    ("dollar", "dollar"),
    ("euros", "euro"),
    ("euro", "euro"),
    ("pounds sterling", "pound sterling"),
    ("pounds", "pound sterling"),
    ("pound", "pound sterling"),
    ("yen", "japanese yen"),
    ("yuan", "chinese yuan"),
    ("renminbi", "chinese yuan"),
    ("rupees", "rupee"),
    ("rupee", "rupee"),
    ("swiss francs", "swiss franc"),
    ("francs", "swiss franc"),
    ("pesos", "mexican peso"),
    ("lira", "turkish lira"),
    ("roubles", "russian rouble"),
    ("rubles", "russian rouble"),
    ("bitcoins", "bitcoin"),
    ("bitcoin", "bitcoin"),
    ("cents", "cent"),
    ("cent", "cent"),
    ("pence", "penny"),
    ("penny", "penny"),
    ("seconds", "second"),
    ("second", "second"),
    ("minutes", "minute"),
    ("minute", "minute"),
    ("hours", "hour"),
    ("hour", "hour"),
    ("days", "day"),
    ("day", "day"),
    ("weeks", "week"),
    ("week", "week"),
    ("months", "month"),
    ("month", "month"),
    ("years", "year"),
    ("year", "year"),
    ("decades", "decade"),
    ("decade", "decade"),
];

/// Words before a number that say how exact it is: `~` about, `>` at least, `<` at most.
/// Longest first.
pub const MODIFIERS: &[(&str, &str)] = &[
    ("no fewer than", ">"),
    ("no less than", ">"),
    ("in excess of", ">"),
    ("upwards of", ">"),
    ("more than", ">"),
    ("at least", ">"),
    ("over", ">"),
    ("above", ">"),
    ("exceeding", ">"),
    ("no more than", "<"),
    ("fewer than", "<"),
    ("less than", "<"),
    ("as many as", "<"),
    ("as much as", "<"),
    ("up to", "<"),
    ("at most", "<"),
    ("under", "<"),
    ("below", "<"),
    ("close to", "~"),
    ("an estimated", "~"),
    ("approximately", "~"),
    ("roughly", "~"),
    ("around", "~"),
    ("about", "~"),
    ("nearly", "~"),
    ("almost", "~"),
    ("some", "~"),
    ("estimated", "~"),
    ("approx", "~"),
    ("circa", "~"),
];

/// Words before a quantity that say it changed, and which way.
pub fn change_word(w: &str) -> Option<&'static str> {
    Some(match w {
        "up" | "rose" | "rise" | "rises" | "risen" | "increased" | "increase" | "increases"
        | "grew" | "grown" | "climbed" | "jumped" | "gained" | "raised" | "doubled" | "tripled"
        | "expanded" | "added" | "boosted" | "higher" | "surged" | "soared" => "up",
        "down" | "fell" | "fall" | "falls" | "fallen" | "dropped" | "drop" | "decreased"
        | "decrease" | "declined" | "decline" | "lost" | "cut" | "lower" | "shrank" | "slid"
        | "slumped" | "plunged" | "reduced" | "halved" => "down",
        _ => return None,
    })
}

/// Words that end a counted noun phrase, or cannot be the counted thing.
pub fn is_function_word(w: &str) -> bool {
    matches!(
        w,
        "a" | "an"
            | "the"
            | "and"
            | "or"
            | "but"
            | "of"
            | "in"
            | "on"
            | "at"
            | "to"
            | "for"
            | "from"
            | "by"
            | "with"
            | "as"
            | "is"
            | "are"
            | "was"
            | "were"
            | "be"
            | "been"
            | "has"
            | "have"
            | "had"
            | "it"
            | "its"
            | "their"
            | "this"
            | "that"
            | "these"
            | "those"
            | "than"
            | "more"
            | "less"
            | "who"
            | "whose"
            | "whom"
            | "what"
            | "which"
            | "when"
            | "where"
            | "while"
            | "per"
            | "each"
            | "after"
            | "before"
            | "into"
            | "over"
            | "under"
            | "about"
            | "also"
            | "not"
            | "no"
            | "all"
            | "other"
            | "said"
            | "says"
            | "say"
            | "will"
            | "would"
            | "could"
            | "should"
            | "may"
            | "might"
            | "can"
            | "did"
            | "do"
            | "does"
            | "if"
            | "so"
            | "then"
            | "there"
            | "here"
            | "up"
            | "down"
            | "out"
            | "off"
            | "s"
            | "times"
            | "percent"
            | "per cent"
            | "against"
            | "between"
            | "among"
            | "since"
            | "until"
            | "during"
            | "through"
            | "across"
            | "he"
            | "she"
            | "they"
            | "we"
            | "i"
            | "you"
            | "his"
            | "her"
            | "our"
            | "my"
            | "your"
            | "them"
            | "him"
            | "us"
            | "me"
    )
}

/// Month names, for telling dates ("May 8, 1945") from quantities.
pub fn is_month(w: &str) -> bool {
    matches!(
        w,
        "january"
            | "february"
            | "march"
            | "april"
            | "may"
            | "june"
            | "july"
            | "august"
            | "september"
            | "october"
            | "november"
            | "december"
            | "jan"
            | "feb"
            | "mar"
            | "apr"
            | "jun"
            | "jul"
            | "aug"
            | "sep"
            | "sept"
            | "oct"
            | "nov"
            | "dec"
    )
}

/// Whether a word reads as a plural noun: a regular `-s` plural (not `-ss`, `-us`, `-is`)
/// or an irregular one.
pub fn looks_plural(w: &str) -> bool {
    matches!(
        w,
        "people" | "men" | "women" | "children" | "police" | "feet" | "teeth" | "mice"
    ) || (w.len() > 3
        && w.ends_with('s')
        // Singular nouns that end in "s" ("cable news hosts", "a physics teacher").
        && !matches!(w, "news" | "physics" | "politics" | "economics" | "series" | "species")
        && !w.ends_with("ss")
        && !w.ends_with("us")
        && !w.ends_with("is")
        && !w.ends_with("'s")
        && !w.ends_with("’s"))
}

/// A plural noun's singular, by spelling rules (irregulars kept as written).
pub fn singular(w: &str) -> String {
    let keep = [
        "people", "police", "news", "series", "species", "staff", "crew", "data",
    ];
    match w {
        "men" => return "man".into(),
        "women" => return "woman".into(),
        "children" => return "child".into(),
        _ => {}
    }
    if keep.contains(&w) || w.len() < 4 || w.ends_with("ss") || w.ends_with("us") {
        return w.to_string();
    }
    if let Some(stem) = w.strip_suffix("ies") {
        return format!("{stem}y");
    }
    for end in ["ches", "shes", "sses", "xes", "zes"] {
        if w.ends_with(end) {
            return w[..w.len() - 2].to_string();
        }
    }
    w.strip_suffix('s').unwrap_or(w).to_string()
}

/// The last word of a body's name ("Maritime Safety Office", "Velmora Sea Lines"): the
/// entity stage retypes such a name as an organisation.
pub const BODY_NAME_HEADS: &[&str] = &[
    "office",
    "ministry",
    "agency",
    "department",
    "council",
    "alliance",
    "institute",
    "lines",
    "company",
    "corporation",
    "authority",
    "association",
    "committee",
    "commission",
    "inc",
    "ltd",
    "school",
    "university",
    "college",
];

/// A body named by its kind rather than its name ("the navy", "their union"): these
/// nouns, besides [`BODY_NAME_HEADS`], head a source that is an organisation.
pub const BODY_KIND_HEADS: &[&str] = &[
    "coastguard",
    "navy",
    "army",
    "military",
    "government",
    "union",
    "court",
    "party",
    "campaign",
    "administration",
    "parliament",
    "congress",
    "senate",
    "board",
    "bank",
    "foundation",
    "operator",
    "firm",
    "federation",
    "embassy",
    "cabinet",
    "prosecutors",
    "regime",
    "coalition",
    "militia",
    "airline",
    "insurer",
    "hospital",
];

/// Given names that nearly always name a woman, common in English-language news (our own
/// list; names borne by both, such as Jordan, Taylor, Kim or Jean, are left out, and so are
/// the names of our example corpus, so that the demo shows what the rest of the rules do).
const FEMALE_NAMES: &[&str] = &[
    "Abigail",
    "Alexandra",
    "Alice",
    "Alicia",
    "Amanda",
    "Amy",
    "Andrea",
    "Angela",
    "Angelina",
    "Ann",
    "Anna",
    "Anne",
    "Annie",
    "Barbara",
    "Betsy",
    "Betty",
    "Beyonce",
    "Brenda",
    "Carly",
    "Carol",
    "Caroline",
    "Catherine",
    "Charlotte",
    "Cheryl",
    "Christina",
    "Christine",
    "Claire",
    "Cynthia",
    "Debbie",
    "Deborah",
    "Denise",
    "Diana",
    "Diane",
    "Donna",
    "Dorothy",
    "Elena",
    "Elizabeth",
    "Ellen",
    "Emily",
    "Emma",
    "Eva",
    "Fatima",
    "Frances",
    "Gina",
    "Hannah",
    "Heather",
    "Heidi",
    "Helen",
    "Hillary",
    "Ingrid",
    "Irene",
    "Jacqueline",
    "Jane",
    "Janet",
    "Janice",
    "Jennifer",
    "Jessica",
    "Jill",
    "Joan",
    "Joanna",
    "Joyce",
    "Judith",
    "Judy",
    "Julia",
    "Julie",
    "Karen",
    "Katherine",
    "Kathleen",
    "Kathy",
    "Katie",
    "Kelly",
    "Kristen",
    "Laura",
    "Lauren",
    "Linda",
    "Lisa",
    "Loretta",
    "Lucy",
    "Margaret",
    "Maria",
    "Marie",
    "Marine",
    "Martha",
    "Mary",
    "Megan",
    "Melanie",
    "Melania",
    "Melissa",
    "Michelle",
    "Nancy",
    "Natalie",
    "Nicole",
    "Nikki",
    "Olga",
    "Olivia",
    "Pamela",
    "Patricia",
    "Paula",
    "Rachel",
    "Rebecca",
    "Ruth",
    "Samantha",
    "Sandra",
    "Sara",
    "Sarah",
    "Sharon",
    "Sheila",
    "Sophie",
    "Stephanie",
    "Susan",
    "Svetlana",
    "Tanya",
    "Teresa",
    "Theresa",
    "Tina",
    "Tulsi",
    "Ursula",
    "Valerie",
    "Victoria",
    "Virginia",
    "Wendy",
    "Yulia",
];

/// Given names that nearly always name a man (as [`FEMALE_NAMES`]).
const MALE_NAMES: &[&str] = &[
    "Aaron",
    "Abdullah",
    "Adam",
    "Ahmed",
    "Alan",
    "Albert",
    "Alexander",
    "Ali",
    "Andrew",
    "Anthony",
    "Antonio",
    "Arthur",
    "Barack",
    "Ben",
    "Benjamin",
    "Bernie",
    "Bill",
    "Bob",
    "Boris",
    "Brian",
    "Bruce",
    "Carlos",
    "Charles",
    "Christopher",
    "Colin",
    "Dan",
    "Daniel",
    "Dave",
    "David",
    "Dennis",
    "Dmitry",
    "Donald",
    "Douglas",
    "Edward",
    "Emmanuel",
    "Eric",
    "Frank",
    "Fred",
    "Gary",
    "George",
    "Gerald",
    "Greg",
    "Gregory",
    "Harry",
    "Hassan",
    "Henry",
    "Howard",
    "Hugh",
    "Ian",
    "Ivan",
    "Jack",
    "Jacob",
    "James",
    "Jared",
    "Jason",
    "Jeb",
    "Jeff",
    "Jeffrey",
    "Jeremy",
    "Jerry",
    "Jim",
    "Joe",
    "John",
    "Jonathan",
    "Joseph",
    "Juan",
    "Justin",
    "Keith",
    "Ken",
    "Kenneth",
    "Kevin",
    "Larry",
    "Lars",
    "Luis",
    "Marco",
    "Mark",
    "Martin",
    "Matthew",
    "Michael",
    "Mike",
    "Mitch",
    "Mitt",
    "Mohamed",
    "Mohammed",
    "Muhammad",
    "Narendra",
    "Nicholas",
    "Patrick",
    "Paul",
    "Peter",
    "Ralph",
    "Raymond",
    "Richard",
    "Rick",
    "Robert",
    "Roger",
    "Ron",
    "Ronald",
    "Rudy",
    "Samuel",
    "Scott",
    "Sergei",
    "Stephen",
    "Steve",
    "Steven",
    "Ted",
    "Thomas",
    "Tim",
    "Timothy",
    "Tom",
    "Vladimir",
    "Walter",
    "William",
    "Xi",
];

/// Whether a given name names a woman (`Some(true)`), a man (`Some(false)`), or either
/// (`None`).
pub fn given_name_gender(name: &str) -> Option<bool> {
    if FEMALE_NAMES.contains(&name) {
        Some(true)
    } else if MALE_NAMES.contains(&name) {
        Some(false)
    } else {
        None
    }
}

/// Byte ranges of `text` that are web addresses, handles, hashtags or codes
/// ("https://t.co/hbaWqfjJcp", "pic.twitter.com/P2qpm3h3Pm", "@AppleMusic", "#The411Coming",
/// "x7Gq2Lp9"), in order. Their digits are no count and no clock time: an embedded post's
/// link "P2qpm3h3Pm" read as "2 qpm", "3 h" and 3 p.m. A hashtag of digits alone ("the #1
/// seed") is a rank, not a tag; a word with a digit or two ("MH17", "B52s", "4x4", "km2")
/// or a size ("36x24mm") is no code.
pub fn link_spans(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() {
            i += 1;
        }
        // The chunk without the punctuation a sentence puts around it.
        let chunk = text[start..i]
            .trim_end_matches(['.', ',', ';', ':', ')', '"', '\'', '”', '’', '!', '?']);
        let lead = chunk.len() - chunk.trim_start_matches(['(', '"', '“', '‘', '\'']).len();
        let chunk = &chunk[lead..];
        let at = start + lead;
        if chunk.is_empty() {
            continue;
        }
        // An address glued to the sentence before it ("30th.https://t.co/...") starts at
        // its scheme or its "www.".
        let from = if let Some(p) = chunk.find("://") {
            Some(
                chunk[..p]
                    .rfind(|c: char| !c.is_ascii_alphabetic())
                    .map_or(0, |x| x + 1),
            )
        } else if let Some(p) = chunk.find("www.") {
            Some(p)
        } else {
            chunk
                .split_once('/')
                .is_some_and(|(host, _)| is_host(host))
                .then_some(0)
        };
        if let Some(from) = from {
            out.push((at + from, at + chunk.len()));
            continue;
        }
        // Handles and hashtags inside the chunk ("Before.@MaryJBlige", "#The411Coming"),
        // and codes that switch between letters and digits three times or more.
        let cb = chunk.as_bytes();
        let mut k = 0;
        while k < cb.len() {
            if matches!(cb[k], b'@' | b'#') {
                let mut e = k + 1;
                while e < cb.len() && (cb[e].is_ascii_alphanumeric() || cb[e] == b'_') {
                    e += 1;
                }
                let tag = &cb[k + 1..e];
                if tag.iter().any(u8::is_ascii_alphabetic) {
                    out.push((at + k, at + e));
                }
                k = e.max(k + 1);
                continue;
            }
            if cb[k].is_ascii_alphanumeric() {
                // An "x" between digits is a dimension's "by" ("36x24mm"), read as a digit.
                let digitish = |j: usize| {
                    cb[j].is_ascii_digit()
                        || (matches!(cb[j], b'x' | b'X')
                            && j > 0
                            && cb[j - 1].is_ascii_digit()
                            && cb.get(j + 1).is_some_and(u8::is_ascii_digit))
                };
                let mut e = k;
                let mut switches = 0;
                while e < cb.len() && cb[e].is_ascii_alphanumeric() {
                    if e > k && digitish(e) != digitish(e - 1) {
                        switches += 1;
                    }
                    e += 1;
                }
                if switches >= 3 {
                    out.push((at + k, at + e));
                }
                k = e;
                continue;
            }
            k += 1;
        }
    }
    out
}

/// Byte ranges of North American telephone numbers: "(313) 596-1616", "313-596-1616",
/// "313.596.1616", "1-800-222-8477", "1-800-222-TIPS". Their digit groups are no counts and no ranges
/// ("596-1616" read as 596 to 1,616); 147 of them in the GVA dev reports alone, where police
/// ask for tips.
pub fn phone_spans(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let digits = |at: usize, n: usize| -> bool {
        at + n <= b.len()
            && b[at..at + n].iter().all(u8::is_ascii_digit)
            && b.get(at + n).is_none_or(|c| !c.is_ascii_digit())
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let starts = (b[i].is_ascii_digit() || b[i] == b'(')
            && (i == 0 || !b[i - 1].is_ascii_alphanumeric());
        if !starts {
            i += 1;
            continue;
        }
        let mut k = i;
        // "1-800-...": a leading 1.
        if b[k] == b'1' && matches!(b.get(k + 1), Some(b'-' | b' ' | b'.')) && digits(k + 2, 3) {
            k += 2;
        }
        // The area code: "(313) " or "313-" / "313." / "313 ".
        let area = if b[k] == b'(' {
            (digits(k + 1, 3) && b.get(k + 4) == Some(&b')')).then(|| {
                let after = k + 5;
                if b.get(after) == Some(&b' ') {
                    after + 1
                } else {
                    after
                }
            })
        } else {
            (digits(k, 3) && matches!(b.get(k + 3), Some(b'-' | b'.' | b' '))).then_some(k + 4)
        };
        // The last group in digits, or in letters as tip lines spell it ("222-TIPS").
        let last = |at: usize| {
            digits(at, 4)
                || (at + 4 <= b.len()
                    && b[at..at + 4].iter().all(u8::is_ascii_uppercase)
                    && b.get(at + 4).is_none_or(|c| !c.is_ascii_alphanumeric()))
        };
        let found = area.and_then(|k| {
            let sep = *b.get(k + 3)?;
            (digits(k, 3) && matches!(sep, b'-' | b'.') && last(k + 4)).then_some(k + 8)
        });
        match found {
            Some(end) => {
                out.push((i, end));
                i = end;
            }
            None => i += 1,
        }
    }
    out
}

/// "pic.twitter.com", "t.co", "example.org": dot-separated labels of letters, digits and
/// hyphens, the last one of letters.
fn is_host(host: &str) -> bool {
    let labels: Vec<&str> = host.split('.').collect();
    labels.len() >= 2
        && labels
            .iter()
            .all(|l| !l.is_empty() && l.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-'))
        && labels
            .last()
            .is_some_and(|l| l.len() >= 2 && l.bytes().all(|c| c.is_ascii_alphabetic()))
}

/// The spans of [`link_spans`] and [`phone_spans`] together, in order, overlapping ones
/// merged (a number inside an address is one span), as [`overlaps_any`] wants them.
pub fn not_prose_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = link_spans(text);
    spans.extend(phone_spans(text));
    spans.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
    for (a, b) in spans {
        match out.last_mut() {
            Some(last) if a < last.1 => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

/// Whether `start..end` overlaps any of `spans` (in order and apart, as [`not_prose_spans`]
/// gives them).
pub fn overlaps_any(spans: &[(usize, usize)], start: usize, end: usize) -> bool {
    let i = spans.partition_point(|s| s.1 <= start);
    spans.get(i).is_some_and(|s| s.0 < end)
}

/// Words split at single spaces, as the tests write their token sequences.
#[cfg(test)]
pub(crate) fn spaced(s: &str) -> Vec<String> {
    s.split(' ').map(str::to_string).collect()
}

#[cfg(test)]
mod tests {
    use super::{link_spans, overlaps_any};

    fn found(text: &str) -> Vec<&str> {
        link_spans(text).iter().map(|&(a, b)| &text[a..b]).collect()
    }

    #[test]
    fn telephone_numbers_are_found_and_nothing_else() {
        let text = "Call (313) 596-1616, 313-596-1616, 313.596.1616, 1-800-222-8477 or 1-800-222-TIPS now.";
        let found: Vec<&str> = super::phone_spans(text)
            .iter()
            .map(|&(a, b)| &text[a..b])
            .collect();
        assert_eq!(
            found,
            vec![
                "(313) 596-1616",
                "313-596-1616",
                "313.596.1616",
                "1-800-222-8477",
                "1-800-222-TIPS"
            ]
        );
        let news =
            "Scores of 596-1616 fans, 2015-06-20, 1,234-5,678 and 12-24 people; $313.596 million.";
        assert!(super::phone_spans(news).is_empty());
    }

    #[test]
    fn addresses_handles_hashtags_and_codes_are_found_and_nothing_else() {
        let post = "sits down.@MaryJBlige with @HillaryClinton.#The411Coming September 30th.https://t.co/hbaWqfjJcp pic.twitter.com/P2qpm3h3Pm (see www.example.org).";
        assert_eq!(
            found(post),
            vec![
                "@MaryJBlige",
                "@HillaryClinton",
                "#The411Coming",
                "https://t.co/hbaWqfjJcp",
                "pic.twitter.com/P2qpm3h3Pm",
                "www.example.org"
            ]
        );
        let news = "Flight MH17, two B52s and a 4x4 crossed 250 km2 at 3pm with 36x24mm and 102x127mm film; the #1 seed won 6-4, 7-5 in 2h10; a 1.5m wall, $20 and/or 12.5% on 3/4 of 9/11.";
        assert!(found(news).is_empty(), "{:?}", found(news));
        let spans = link_spans(post);
        // A telephone number inside an address is one span with it.
        let nested = "see https://example.org/call-313-596-1616/now today";
        assert_eq!(super::not_prose_spans(nested).len(), 1);
        let at = post.find("P2qpm").unwrap();
        assert!(overlaps_any(&spans, at + 1, at + 2));
        assert!(!overlaps_any(&spans, 0, 5));
    }
}
