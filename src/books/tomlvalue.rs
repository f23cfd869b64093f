//! Typed values out of a TOML file, each error placed on its line: money, rates and dates
//! accept a quoted string or a bare TOML value, a bare number read through its source text.

use crate::money::{self, Money, Rate};
use crate::period;
use crate::problem::Problem;
use chrono::NaiveDate;
use toml::Spanned;
use toml::Value;

pub type Raw = Spanned<Value>;

/// One TOML file being read: its text (for lines and number literals) and its problems.
pub struct TomlFile<'a> {
    pub rel: String,
    pub text: &'a str,
    pub problems: &'a mut Vec<Problem>,
}

impl<'a> TomlFile<'a> {
    pub fn line_at(&self, offset: usize) -> u32 {
        let end = offset.min(self.text.len());
        let prefix = self.text.get(..end).unwrap_or(self.text);
        prefix.bytes().filter(|&b| b == b'\n').count() as u32 + 1
    }

    pub fn line<T>(&self, v: &Spanned<T>) -> u32 {
        self.line_at(v.span().start)
    }

    pub fn error(&mut self, line: u32, message: impl Into<String>) {
        self.problems
            .push(Problem::error(self.rel.clone(), line, message));
    }

    /// Parses the whole file into `T`, or records where and why it does not parse.
    pub fn parse<T: serde::de::DeserializeOwned>(&mut self) -> Option<T> {
        match toml::from_str::<T>(self.text) {
            Ok(v) => Some(v),
            Err(e) => {
                let line = e.span().map(|s| self.line_at(s.start)).unwrap_or(1);
                let message = e.message().trim().replace('\n', " ");
                self.error(line, message);
                None
            }
        }
    }

    /// The value as the user wrote it: a string's contents, or a bare literal's source text.
    fn text_of(&self, v: &Raw) -> Option<String> {
        match v.get_ref() {
            Value::String(s) => Some(s.trim().to_string()),
            Value::Integer(_) | Value::Float(_) => {
                self.text.get(v.span()).map(|s| s.trim().to_string())
            }
            _ => None,
        }
    }

    fn typed<T>(
        &mut self,
        key: &str,
        v: &Raw,
        expected: &str,
        parse: impl Fn(&str) -> Result<T, String>,
    ) -> Option<T> {
        let line = self.line(v);
        let Some(text) = self.text_of(v) else {
            self.error(line, format!("{key}: expected {expected}"));
            return None;
        };
        match parse(&text) {
            Ok(x) => Some(x),
            Err(why) => {
                self.error(line, format!("{key} \"{text}\": {why}"));
                None
            }
        }
    }

    pub fn money(&mut self, key: &str, v: &Raw, currency: &str) -> Option<Money> {
        self.typed(key, v, "an amount such as \"12.50\"", |t| {
            money::parse_money(t, currency)
        })
    }

    pub fn rate(&mut self, key: &str, v: &Raw) -> Option<Rate> {
        self.typed(
            key,
            v,
            "a rate such as \"6.5%\" or \"0.065\"",
            money::parse_rate,
        )
    }

    pub fn whole(&mut self, key: &str, v: &Raw, max: u32) -> Option<u32> {
        self.typed(key, v, "a whole number", |t| match t.parse::<u32>() {
            Ok(n) if n <= max => Ok(n),
            Ok(_) => Err(format!("must be at most {max}")),
            Err(_) => Err("expected a whole number of 0 or more".into()),
        })
    }

    pub fn date(&mut self, key: &str, v: &Raw) -> Option<NaiveDate> {
        let line = self.line(v);
        let text = match v.get_ref() {
            Value::String(s) => s.trim().to_string(),
            Value::Datetime(dt) => dt.to_string(),
            _ => {
                self.error(line, format!("{key}: expected a date as YYYY-MM-DD"));
                return None;
            }
        };
        match period::parse_date(&text) {
            Ok(d) => Some(d),
            Err(why) => {
                self.error(line, format!("{key} \"{text}\": {why}"));
                None
            }
        }
    }

    pub fn boolean(&mut self, key: &str, v: &Raw) -> Option<bool> {
        match v.get_ref() {
            Value::Boolean(b) => Some(*b),
            _ => {
                let line = self.line(v);
                self.error(line, format!("{key}: expected true or false (unquoted)"));
                None
            }
        }
    }

    pub fn string(&mut self, key: &str, v: &Raw) -> Option<String> {
        match v.get_ref() {
            Value::String(s) => Some(s.trim().to_string()),
            _ => {
                let line = self.line(v);
                self.error(line, format!("{key}: expected a quoted string"));
                None
            }
        }
    }

    /// A quoted string that `check` accepts, or an error `KEY "text": why` on its line.
    pub fn checked<T>(
        &mut self,
        key: &str,
        v: &Raw,
        check: impl Fn(&str) -> Result<T, String>,
    ) -> Option<T> {
        let text = self.string(key, v)?;
        match check(&text) {
            Ok(value) => Some(value),
            Err(why) => {
                let line = self.line(v);
                self.error(line, format!("{key} \"{text}\": {why}"));
                None
            }
        }
    }
}
