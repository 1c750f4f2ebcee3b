//! Values of QAPI's JSON dialect: objects, arrays, strings and booleans.

/// A parsed value.  There are no numbers and no `null` in schema files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// `'text'`
    Str(String),
    /// `true` / `false`
    Bool(bool),
    /// `[ ... ]`
    List(Vec<Value>),
    /// `{ ... }`
    Dict(Dict),
}

impl Value {
    /// Python's truthiness, which QEMU applies to some flags (`boxed`) and
    /// to an alternate's `data`.
    pub fn is_truthy(&self) -> bool {
        match self {
            Value::Str(s) => !s.is_empty(),
            Value::Bool(b) => *b,
            Value::List(l) => !l.is_empty(),
            Value::Dict(d) => !d.is_empty(),
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }
}

/// An object: keys in source order, without duplicates (the parser rejects
/// them).  Objects are small, so lookup is a linear scan.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Dict(Vec<(String, Value)>);

impl Dict {
    /// An empty object.
    pub fn new() -> Dict {
        Dict(Vec::new())
    }

    /// Appends a member; the caller has checked that `key` is new.
    pub fn push(&mut self, key: String, value: Value) {
        self.0.push((key, value));
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Whether `key` is present.
    pub fn contains(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Number of members.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are no members.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Members in source order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// Moves the value of `key` out, leaving `false` in its place: the key
    /// stays, so that checks of the key set still see it.
    pub fn take(&mut self, key: &str) -> Option<Value> {
        let slot = self.0.iter_mut().find(|(k, _)| k == key)?;
        Some(std::mem::replace(&mut slot.1, Value::Bool(false)))
    }

    /// The keys in source order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(k, _)| k.as_str())
    }
}

impl IntoIterator for Dict {
    type Item = (String, Value);
    type IntoIter = std::vec::IntoIter<(String, Value)>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}
