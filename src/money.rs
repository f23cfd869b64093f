//! Money, rates and hours: exact decimal types, parsing from text, and the two roundings.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Serialize, Serializer};
use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub, SubAssign};

/// Largest amount accepted on input: with every input below it, no sum of a co-op's books
/// (even millions of rows) can come near `Decimal`'s range, so plain arithmetic cannot overflow.
const MAX_INPUT: Decimal = Decimal::from_parts(0xD4A5_1000, 0xE8, 0, false, 0); // 1e12 = 0xE8_D4A5_1000
/// Most decimal places a rate may have (as a fraction): keeps products exact.
const MAX_RATE_SCALE: u32 = 12;
/// Hours are below this.
const MAX_HOURS: Decimal = Decimal::from_parts(1_000_000, 0, 0, false, 0);
/// Most decimal places hours may have.
const MAX_HOURS_SCALE: u32 = 4;
/// The same caps in the units the values are kept in.
const MAX_INPUT_CENTS: i64 = 100_000_000_000_000;
const MAX_HOURS_UNITS: i64 = 10_000_000_000;
/// What the books' amounts may total, in cents (10^14, a hundred million million): every figure
/// coopbooks derives from them (a sum, a balance, a difference) then stays far inside the range
/// of the 64-bit integers that `Money` and `Hours` are kept in. `books::load` enforces it.
pub const MAX_TOTAL_CENTS: i128 = 10_000_000_000_000_000;

/// An amount of money: a whole number of cents, exact, always shown with 2 decimal places.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(i64);

/// A rate between 0 and 1 inclusive, kept as an exact fraction (`6.5%` is `0.065`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Rate(Decimal);

/// A number of hours, at least 0: a whole number of ten-thousandths of an hour (hours have at
/// most 4 decimal places), shown without trailing zeros (`6`, `7.5`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Hours(i64);

/// A decimal as a whole number of units of `10^-scale`, rounded half away from zero where it
/// has more places; `None` outside the range of `i64`.
fn to_units(d: Decimal, scale: u32) -> Option<i64> {
    let mut d = d.round_dp_with_strategy(scale, RoundingStrategy::MidpointAwayFromZero);
    d.rescale(scale);
    i64::try_from(d.mantissa()).ok()
}

/// An `i128` count of units as an `i64`, clamped (the books' total cap keeps every figure
/// far inside the range, so this never changes a value that coopbooks computes).
fn clamp(units: i128) -> i64 {
    i64::try_from(units).unwrap_or(if units < 0 { i64::MIN } else { i64::MAX })
}

impl Money {
    pub const ZERO: Money = Money(0);

    /// An amount of whole cents.
    pub const fn from_cents(cents: i64) -> Money {
        Money(cents)
    }

    /// The amount in cents.
    pub const fn cents(self) -> i64 {
        self.0
    }

    /// Wraps a value that is already at most 2 decimal places (callers round first).
    pub fn from_cents_decimal(d: Decimal) -> Money {
        debug_assert!(d.scale() <= 2 || d == d.round_dp(2));
        Money(to_units(d, 2).unwrap_or_else(|| {
            clamp(if d.is_sign_negative() {
                i128::MIN
            } else {
                i128::MAX
            })
        }))
    }

    /// The exact value, with 2 decimal places.
    pub fn value(self) -> Decimal {
        Decimal::new(self.0, 2)
    }

    pub fn is_zero(self) -> bool {
        self.0 == 0
    }

    pub fn is_positive(self) -> bool {
        self.0 > 0
    }

    /// Without its sign (a credit note states its amounts as positive numbers).
    pub fn abs(self) -> Money {
        Money(self.0.abs())
    }

    pub fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// The exact product with a rate, unrounded.
    pub fn times(self, rate: Rate) -> Decimal {
        self.value() * rate.0
    }

    pub fn max(self, other: Money) -> Money {
        Money(self.0.max(other.0))
    }

    pub fn min(self, other: Money) -> Money {
        Money(self.0.min(other.0))
    }
}

/// "round": to 2 decimal places, half away from zero.
pub fn round(d: Decimal) -> Money {
    Money::from_cents_decimal(d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero))
}

/// "rounded up": to 2 decimal places, towards positive infinity.
pub fn round_up(d: Decimal) -> Money {
    Money::from_cents_decimal(d.round_dp_with_strategy(2, RoundingStrategy::ToPositiveInfinity))
}

/// `round(numerator / denominator)` computed exactly, so that a true half-cent tie is never
/// hidden by the 28 digits of a `Decimal` quotient. `denominator` must be positive.
pub fn round_quotient(numerator: Money, denominator: Decimal) -> Money {
    exact_quotient_cents(numerator.0, denominator)
        .map(|cents| Money(clamp(cents)))
        .unwrap_or_else(|| round(numerator.value() / denominator))
}

/// `round(amount × numerator ÷ denominator)`, exact in 128-bit integers, half away from zero:
/// the share of `amount` that `numerator` is of `denominator`. 0.00 when `denominator` is 0.
pub fn prorate(amount: Money, numerator: Money, denominator: Money) -> Money {
    if denominator.0 == 0 {
        return Money::ZERO;
    }
    let product = i128::from(amount.0) * i128::from(numerator.0);
    let d = i128::from(denominator.0);
    let (q, rem) = (product / d, product % d);
    let q = if rem.abs() * 2 >= d.abs() {
        q + (product.signum() * d.signum())
    } else {
        q
    };
    Money(clamp(q))
}

/// `round(amount × rate)` in integer arithmetic: the exact product of cents and the rate's
/// mantissa, then rounded half away from zero to the cent. Equal to `round(amount.times(rate))`.
pub fn round_product(amount: Money, rate: Rate) -> Money {
    let r = rate.0;
    // The common case in 64 bits (a rate's scale is at most 12, so its unit fits), else 128.
    if let (Ok(mantissa), Some(unit)) = (i64::try_from(r.mantissa()), 10i64.checked_pow(r.scale()))
        && let Some(product) = amount.0.checked_mul(mantissa)
    {
        let (q, rem) = (product / unit, product % unit);
        return Money(if rem.abs() * 2 >= unit {
            q + product.signum()
        } else {
            q
        });
    }
    let cents = (|| {
        let product = i128::from(amount.0).checked_mul(r.mantissa())?;
        let unit = 10i128.checked_pow(r.scale())?;
        let (q, rem) = (product / unit, product % unit);
        Some(if rem.abs() * 2 >= unit {
            q + product.signum()
        } else {
            q
        })
    })();
    match cents {
        Some(c) => Money(clamp(c)),
        None => round(amount.times(rate)),
    }
}

/// `cents / 100 / denominator` to whole cents, half away from zero, in integer arithmetic.
fn exact_quotient_cents(cents: i64, denominator: Decimal) -> Option<i128> {
    if denominator <= Decimal::ZERO {
        return None;
    }
    // n = cents / 100, d = md / 10^sd; n / d * 100 = cents * 10^sd / md
    let md = denominator.mantissa();
    let num = i128::from(cents).checked_mul(10i128.checked_pow(denominator.scale())?)?;
    let (q, r) = (num / md, num % md);
    let twice = r.abs().checked_mul(2)?;
    Some(if twice >= md { q + num.signum() } else { q })
}

impl Rate {
    pub const ZERO: Rate = Rate(Decimal::ZERO);

    pub fn value(self) -> Decimal {
        self.0
    }

    pub fn from_fraction(d: Decimal) -> Rate {
        Rate(d)
    }

    /// The rate as a percentage without trailing zeros: `6.5%`.
    pub fn percent(self) -> String {
        format!("{}%", (self.0 * Decimal::ONE_HUNDRED).normalize())
    }
}

impl Hours {
    pub const ZERO: Hours = Hours(0);

    /// The hours in ten-thousandths.
    pub const fn units(self) -> i64 {
        self.0
    }

    /// The exact value, with 4 decimal places.
    pub fn value(self) -> Decimal {
        Decimal::new(self.0, MAX_HOURS_SCALE)
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, o: Money) -> Money {
        Money(self.0 + o.0)
    }
}
impl Sub for Money {
    type Output = Money;
    fn sub(self, o: Money) -> Money {
        Money(self.0 - o.0)
    }
}
impl Neg for Money {
    type Output = Money;
    fn neg(self) -> Money {
        Money(-self.0)
    }
}
impl AddAssign for Money {
    fn add_assign(&mut self, o: Money) {
        self.0 += o.0;
    }
}
impl SubAssign for Money {
    fn sub_assign(&mut self, o: Money) {
        self.0 -= o.0;
    }
}
impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, |a, b| a + b)
    }
}
impl<'a> Sum<&'a Money> for Money {
    fn sum<I: Iterator<Item = &'a Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, |a, b| a + *b)
    }
}
impl Add for Hours {
    type Output = Hours;
    fn add(self, o: Hours) -> Hours {
        Hours(self.0 + o.0)
    }
}
impl Sub for Hours {
    type Output = Hours;
    fn sub(self, o: Hours) -> Hours {
        Hours(self.0 - o.0)
    }
}
impl AddAssign for Hours {
    fn add_assign(&mut self, o: Hours) {
        self.0 += o.0;
    }
}
impl Sum for Hours {
    fn sum<I: Iterator<Item = Hours>>(iter: I) -> Hours {
        iter.fold(Hours::ZERO, |a, b| a + b)
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The digits written backwards into a buffer on the stack: no allocation.
        let mut buf = [0u8; 24];
        let mut at = buf.len();
        let mut rest = self.0.unsigned_abs();
        for place in 0.. {
            if place == 2 {
                at -= 1;
                buf[at] = b'.';
            }
            at -= 1;
            buf[at] = b'0' + (rest % 10) as u8;
            rest /= 10;
            if rest == 0 && place >= 2 {
                break;
            }
        }
        let digits = std::str::from_utf8(&buf[at..]).unwrap_or("?");
        f.pad_integral(self.0 >= 0, "", digits)
    }
}
impl fmt::Display for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.0.normalize();
        if d.scale() < 2 {
            let mut d = d;
            d.rescale(2);
            return fmt::Display::fmt(&d, f);
        }
        fmt::Display::fmt(&d, f)
    }
}
impl fmt::Display for Hours {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.value().normalize(), f)
    }
}

macro_rules! serialize_as_string {
    ($($t:ty),*) => {$(
        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }
    )*};
}
serialize_as_string!(Money, Rate, Hours);

macro_rules! deserialize_from_string {
    ($($t:ty => $parse:expr),*) => {$(
        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = String::deserialize(d)?;
                let parse: fn(&str) -> Result<$t, String> = $parse;
                parse(&text).map_err(|why| serde::de::Error::custom(format!("\"{text}\": {why}")))
            }
        }
    )*};
}
// Read back from the files coopbooks writes (close files), where they are strings: figures,
// which may total what the books may (`MAX_TOTAL_CENTS`), not just what one row may hold.
deserialize_from_string!(
    Money => parse_figure,
    Rate => parse_rate,
    Hours => parse_hours_figure
);

/// The common case read directly: digits, then at most `scale` decimals after a dot, at most
/// 15 digits in all, as a whole number of units of `10^-scale` (`"12.5"` at scale 2 is 1250).
/// `None` for anything else, which the general parser then explains — a number too large
/// too: 15 digits of whole hours are 10^19 ten-thousandths, past what an `i64` holds, so the
/// scaling is checked (a fuzzed `hours` of `999999999999991` once overflowed it).
fn fast_units(text: &str, scale: u32) -> Option<i64> {
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) if !f.is_empty() && f.len() <= scale as usize => (i, f),
        Some(_) => return None,
        None => (text, ""),
    };
    if int.is_empty() || int.len() + frac.len() > 15 {
        return None;
    }
    let mut units: i64 = 0;
    for b in int.bytes().chain(frac.bytes()) {
        if !b.is_ascii_digit() {
            return None;
        }
        units = units * 10 + i64::from(b - b'0');
    }
    units.checked_mul(10i64.pow(scale - frac.len() as u32))
}

/// Parses an unsigned decimal written with digits and at most one dot, saying what is wrong
/// with anything else (a decimal comma, a thousands separator, a sign, letters).
fn parse_plain_decimal(text: &str) -> Result<Decimal, String> {
    if text.is_empty() {
        return Err("is empty; expected a number".into());
    }
    let body = text.strip_prefix(['-', '+']).unwrap_or(text);
    let has_sign = body.len() != text.len();
    let currency_code = |w: &str| w.len() == 3 && w.bytes().all(|b| b.is_ascii_uppercase());
    if body.contains(['€', '$', '£', '¥', '₣', '₹'])
        || body.split(' ').any(currency_code)
        || body.get(..3).is_some_and(currency_code)
        || body
            .get(body.len().saturating_sub(3)..)
            .is_some_and(currency_code)
    {
        return Err("has a currency sign; write the number alone".into());
    }
    if body.contains(',') {
        let (int, frac) = body.split_once('.').unwrap_or((body, ""));
        let groups: Vec<&str> = int.split(',').collect();
        let thousands = groups.len() > 1
            && groups.first().is_some_and(|g| (1..=3).contains(&g.len()))
            && groups.iter().skip(1).all(|g| g.len() == 3)
            && (body.contains('.') || groups.len() > 2)
            && frac.bytes().all(|b| b.is_ascii_digit());
        return Err(if thousands {
            "has a thousands separator; write the number without it".into()
        } else {
            "use a dot for decimals".into()
        });
    }
    if body.bytes().any(|b| b == b' ' || b == b'_' || b == b'\'') {
        return Err("has a thousands separator; write the number without it".into());
    }
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let digits_ok = !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
        && !(body.contains('.') && frac.is_empty());
    if !digits_ok {
        return Err("is not a number".into());
    }
    if int.trim_start_matches('0').len() > 15 {
        return Err("is too large".into());
    }
    if frac.len() > 20 {
        return Err("has too many decimal places".into());
    }
    let d = Decimal::from_str_exact(body).map_err(|_| "is not a number".to_string())?;
    Ok(if has_sign && text.starts_with('-') {
        -d
    } else {
        d
    })
}

/// Parses an input amount: at most 2 decimal places, below 1e12.
/// The error is the message's tail, to follow `column "value"`.
pub fn parse_money(text: &str, currency: &str) -> Result<Money, String> {
    if let Some(cents) = fast_units(text, 2).filter(|&c| c < MAX_INPUT_CENTS) {
        return Ok(Money(cents));
    }
    let d = parse_plain_decimal(text)?;
    if d.scale() > 2 {
        return Err(format!(
            "has {} decimal places; {currency} amounts have at most 2",
            d.scale()
        ));
    }
    if d.abs() >= MAX_INPUT {
        return Err("is too large; amounts are at most 999999999999.99".into());
    }
    Ok(Money::from_cents_decimal(d))
}

/// Parses a figure coopbooks computed and wrote (a close file's): 2 decimal places, either
/// sign, at most what the books' amounts may total.
pub fn parse_figure(text: &str) -> Result<Money, String> {
    let d = parse_plain_decimal(text)?;
    if d.scale() > 2 {
        return Err(format!("has {} decimal places; figures have 2", d.scale()));
    }
    let limit = Money(MAX_TOTAL_CENTS as i64);
    match to_units(d, 2) {
        Some(c) if i128::from(c).abs() <= MAX_TOTAL_CENTS => Ok(Money(c)),
        _ => Err(format!("is too large; figures are at most {limit}")),
    }
}

/// Parses hours coopbooks computed and wrote (a close file's): at least 0, 4 decimal places at
/// most, at most what the books' hours may total.
pub fn parse_hours_figure(text: &str) -> Result<Hours, String> {
    let d = hours_decimal(text)?;
    match to_units(d, MAX_HOURS_SCALE) {
        Some(u) if i128::from(u) <= MAX_TOTAL_CENTS => Ok(Hours(u)),
        _ => Err("is too large for the hours of any books".into()),
    }
}

/// Parses a rate: `"6.5%"` or `"0.065"`, between 0 and 1 inclusive.
pub fn parse_rate(text: &str) -> Result<Rate, String> {
    let (number, percent) = match text.strip_suffix('%') {
        Some(n) => (n.trim_end(), true),
        None => (text, false),
    };
    let d = parse_plain_decimal(number)?;
    let d = if percent { d / Decimal::ONE_HUNDRED } else { d };
    if d < Decimal::ZERO || d > Decimal::ONE {
        return Err("must lie between 0 and 100% (0 and 1) inclusive".into());
    }
    if d.normalize().scale() > MAX_RATE_SCALE {
        return Err(format!(
            "has too many decimal places (at most {MAX_RATE_SCALE} as a fraction)"
        ));
    }
    Ok(Rate(d.normalize()))
}

/// A number of hours, as a decimal: at least 0, with at most 4 decimal places.
fn hours_decimal(text: &str) -> Result<Decimal, String> {
    let d = parse_plain_decimal(text)?;
    if d < Decimal::ZERO {
        return Err("must be 0 or more".into());
    }
    if d.scale() > MAX_HOURS_SCALE {
        return Err(format!(
            "has {} decimal places; hours have at most {MAX_HOURS_SCALE}",
            d.scale()
        ));
    }
    Ok(d)
}

/// Parses hours: a decimal at least 0 with at most 4 decimal places.
pub fn parse_hours(text: &str) -> Result<Hours, String> {
    if let Some(units) = fast_units(text, MAX_HOURS_SCALE).filter(|&u| u < MAX_HOURS_UNITS) {
        return Ok(Hours(units));
    }
    let d = hours_decimal(text)?;
    if d >= MAX_HOURS {
        return Err("is too large; hours are below 1000000".into());
    }
    Ok(Hours(to_units(d, MAX_HOURS_SCALE).unwrap_or(0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Money {
        parse_money(s, "EUR").unwrap()
    }

    #[test]
    fn prorate_rounds_half_away_from_zero_exactly() {
        // 176.67 × 333.33 ÷ 353.33 = 166.6697…
        assert_eq!(prorate(m("176.67"), m("333.33"), m("353.33")), m("166.67"));
        // 0.01 × 1.00 ÷ 2.00 = 0.005: a true tie, away from zero either way.
        assert_eq!(prorate(m("0.01"), m("1.00"), m("2.00")), m("0.01"));
        assert_eq!(prorate(m("-0.01"), m("1.00"), m("2.00")), m("-0.01"));
        assert_eq!(prorate(m("0.01"), m("-1.00"), m("2.00")), m("-0.01"));
        assert_eq!(prorate(m("0.01"), m("1.00"), m("-2.00")), m("-0.01"));
        // Just under the tie: 0.01 × 1.00 ÷ 2.01 = 0.004975…
        assert_eq!(prorate(m("0.01"), m("1.00"), m("2.01")), Money::ZERO);
        // The whole of the whole is the part.
        assert_eq!(prorate(m("726.00"), m("600.00"), m("726.00")), m("600.00"));
        assert_eq!(prorate(m("5.00"), m("1.00"), Money::ZERO), Money::ZERO);
    }

    #[test]
    fn money_parses_and_prints_two_places() {
        assert_eq!(m("12.5").to_string(), "12.50");
        assert_eq!(m("0").to_string(), "0.00");
        assert_eq!(m("0.5").to_string(), "0.50");
        assert_eq!(m("-0.05").to_string(), "-0.05");
        assert_eq!(
            format!("{:>8}|{:<7}|", m("3.1"), m("-3.1")),
            "    3.10|-3.10  |"
        );
        assert_eq!(
            Money::from_cents(i64::MIN).to_string(),
            "-92233720368547758.08"
        );
        assert_eq!(m("600").to_string(), "600.00");
        assert_eq!(m("0.07").to_string(), "0.07");
    }

    #[test]
    fn money_errors_say_what_is_wrong() {
        assert_eq!(
            parse_money("12,50", "EUR").unwrap_err(),
            "use a dot for decimals"
        );
        assert_eq!(
            parse_money("12.345", "EUR").unwrap_err(),
            "has 3 decimal places; EUR amounts have at most 2"
        );
        assert_eq!(
            parse_money("1,234.50", "EUR").unwrap_err(),
            "has a thousands separator; write the number without it"
        );
        assert_eq!(
            parse_money("1 234.50", "EUR").unwrap_err(),
            "has a thousands separator; write the number without it"
        );
        assert_eq!(parse_money("12e3", "EUR").unwrap_err(), "is not a number");
        assert_eq!(parse_money("1.", "EUR").unwrap_err(), "is not a number");
        assert_eq!(
            parse_money("", "EUR").unwrap_err(),
            "is empty; expected a number"
        );
        assert_eq!(m("-3.10").to_string(), "-3.10");
    }

    #[test]
    fn rates_from_percent_or_fraction() {
        assert_eq!(parse_rate("6.5%").unwrap().value().to_string(), "0.065");
        assert_eq!(parse_rate("0.065").unwrap().value().to_string(), "0.065");
        assert_eq!(parse_rate("100%").unwrap().value().to_string(), "1");
        assert_eq!(parse_rate("6.5%").unwrap().percent(), "6.5%");
        assert_eq!(parse_rate("0.3").unwrap().to_string(), "0.30");
        assert!(parse_rate("101%").is_err());
        assert!(parse_rate("-1%").is_err());
        assert_eq!(parse_rate("6,5%").unwrap_err(), "use a dot for decimals");
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        // 0.125 -> 0.13 (banker's rounding would give 0.12)
        assert_eq!(round("0.125".parse().unwrap()).to_string(), "0.13");
        assert_eq!(round("-0.125".parse().unwrap()).to_string(), "-0.13");
        assert_eq!(round("0.124999".parse().unwrap()).to_string(), "0.12");
        assert_eq!(round_up("1981.242".parse().unwrap()).to_string(), "1981.25");
        assert_eq!(round_up("1981.24".parse().unwrap()).to_string(), "1981.24");
    }

    #[test]
    fn the_fast_path_reads_exactly_what_the_general_one_does() {
        for text in [
            "0",
            "600",
            "600.00",
            "12.5",
            "0.07",
            "007.10",
            "999999999999.99",
        ] {
            let general = to_units(Decimal::from_str_exact(text).unwrap(), 2);
            assert_eq!(fast_units(text, 2), general, "{text}");
        }
        for text in [
            "",
            ".5",
            "5.",
            "1.234",
            "1,5",
            "-1",
            "+1",
            "1e3",
            "1234567890123456",
        ] {
            assert_eq!(fast_units(text, 2), None, "{text}");
        }
        // 7.5 h is 75000 ten-thousandths, written with or without trailing zeros.
        assert_eq!(parse_hours("7.5000").unwrap().units(), 75_000);
        assert_eq!(parse_hours("7.5").unwrap(), parse_hours("7.5000").unwrap());
        assert_eq!(parse_hours("7.5000").unwrap().value().scale(), 4);
    }

    #[test]
    fn amounts_go_up_to_the_documented_cap() {
        // The cap is 1e12 exclusive: 999999999999.99 is the largest amount.
        assert_eq!(MAX_INPUT, Decimal::from(1_000_000_000_000i64));
        assert_eq!(Decimal::new(MAX_INPUT_CENTS, 2), MAX_INPUT);
        assert_eq!(Decimal::new(MAX_HOURS_UNITS, 4), MAX_HOURS);
        assert_eq!(m("999999999999.99").to_string(), "999999999999.99");
        assert_eq!(
            parse_money("1000000000000.00", "EUR").unwrap_err(),
            "is too large; amounts are at most 999999999999.99"
        );
    }

    #[test]
    fn integer_products_round_like_decimal_ones() {
        // 600.00 x 6.5 % = 39.00; 2400.00 x 1.5 % = 36.00; 0.07 x 50 % = 0.035 -> 0.04 (a tie
        // rounds away from zero); 1.01 x 0.333333333333 = 0.33666.. -> 0.34.
        for (a, r, want) in [
            ("600.00", "6.5%", "39.00"),
            ("2400.00", "1.5%", "36.00"),
            ("0.07", "50%", "0.04"),
            ("1.01", "0.333333333333", "0.34"),
            ("999999999999.99", "100%", "999999999999.99"),
            ("12", "0", "0.00"),
        ] {
            let (a, r) = (m(a), parse_rate(r).unwrap());
            assert_eq!(round_product(a, r).to_string(), want);
            assert_eq!(round_product(a, r), round(a.times(r)));
        }
    }

    #[test]
    fn exact_quotient_rounds_half_away_from_zero() {
        // 2700.00 / 1.27 = 2125.984... -> 2125.98
        assert_eq!(
            round_quotient(m("2700.00"), "1.27".parse().unwrap()).to_string(),
            "2125.98"
        );
        // 2.54 / 1.27 = 2 exactly; 0.01 / 2 = 0.005 -> 0.01 (a true tie rounds away from zero)
        assert_eq!(
            round_quotient(m("2.54"), "1.27".parse().unwrap()).to_string(),
            "2.00"
        );
        assert_eq!(
            round_quotient(m("0.01"), "2".parse().unwrap()).to_string(),
            "0.01"
        );
        // 1.00 / 3 = 0.333.. -> 0.33 ; 2.00 / 3 = 0.666.. -> 0.67
        assert_eq!(
            round_quotient(m("1.00"), "3".parse().unwrap()).to_string(),
            "0.33"
        );
        assert_eq!(
            round_quotient(m("2.00"), "3".parse().unwrap()).to_string(),
            "0.67"
        );
    }

    #[test]
    fn hours() {
        assert_eq!(parse_hours("6").unwrap().to_string(), "6");
        assert_eq!(parse_hours("7.50").unwrap().to_string(), "7.5");
        assert_eq!(parse_hours("-1").unwrap_err(), "must be 0 or more");
    }
}
