//! The server's greeting: its version and capabilities.

use serde_json::Value;

/// QEMU's version, as its greeting gives it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version {
    /// Major version.
    pub major: u64,
    /// Minor version.
    pub minor: u64,
    /// Micro version.
    pub micro: u64,
    /// The package's own version string (`Debian 1:10.0.2+ds-2...`).
    pub package: String,
}

/// A capability the server offers.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Capability {
    /// Out-of-band execution.
    Oob,
    /// A capability this client does not know, by its wire name.
    Other(String),
}

/// The greeting a QMP server sends first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Greeting {
    /// The server's version.
    pub version: Version,
    /// What it offers to negotiate.
    pub capabilities: Vec<Capability>,
}

impl Greeting {
    /// Reads a greeting message; `None` if it is not one.
    pub(crate) fn parse(message: &Value) -> Option<Greeting> {
        let qmp = message.get("QMP")?;
        let version = qmp.get("version")?;
        let qemu = version.get("qemu")?;
        let number = |key: &str| qemu.get(key).and_then(Value::as_u64);
        let capabilities = qmp.get("capabilities")?.as_array()?;
        Some(Greeting {
            version: Version {
                major: number("major")?,
                minor: number("minor")?,
                micro: number("micro")?,
                package: version.get("package")?.as_str()?.to_owned(),
            },
            capabilities: capabilities
                .iter()
                .map(|c| match c.as_str() {
                    Some("oob") => Some(Capability::Oob),
                    Some(other) => Some(Capability::Other(other.to_owned())),
                    None => None,
                })
                .collect::<Option<_>>()?,
        })
    }

    /// Whether the server offers out-of-band execution.
    pub fn offers_oob(&self) -> bool {
        self.capabilities.contains(&Capability::Oob)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_qemus_greeting() {
        let greeting = Greeting::parse(&json!({"QMP": {
            "version": {"qemu": {"micro": 2, "minor": 0, "major": 10}, "package": "Debian"},
            "capabilities": ["oob", "x-new"]
        }}))
        .expect("a greeting");
        assert_eq!(greeting.version.major, 10);
        assert_eq!(greeting.version.micro, 2);
        assert!(greeting.offers_oob());
        assert_eq!(greeting.capabilities[1], Capability::Other("x-new".into()));
        assert!(Greeting::parse(&json!({"return": {}})).is_none());
        assert!(Greeting::parse(&json!({"QMP": {"version": {}, "capabilities": []}})).is_none());
    }
}
