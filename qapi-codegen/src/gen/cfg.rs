//! Mapping condition atoms to `cfg` predicates, for users who want items
//! compiled out rather than decided at run time.

use proc_macro2::TokenStream;
use qapi_schema::IfCond;
use quote::{quote, ToTokens};

/// Atoms mapped to `cfg` predicates; unmapped atoms stay a run-time matter.
#[derive(Clone, Debug, Default)]
pub struct CfgMap {
    map: Vec<(String, TokenStream)>,
}

impl CfgMap {
    /// No atom mapped: nothing is compiled out.
    pub fn new() -> CfgMap {
        CfgMap::default()
    }

    /// Maps `atom` to the `cfg` predicate `predicate` (e.g.
    /// `feature = "kvm"`).
    pub fn map(&mut self, atom: &str, predicate: TokenStream) {
        self.map.push((atom.to_owned(), predicate));
    }

    fn get(&self, atom: &str) -> Option<&TokenStream> {
        self.map.iter().find(|(a, _)| a == atom).map(|(_, p)| p)
    }

    /// A predicate that `cond` implies: where it is false, `cond` cannot
    /// hold, so the item can be compiled out.  `None` when nothing follows.
    pub fn necessary(&self, cond: &IfCond) -> Option<TokenStream> {
        match cond {
            IfCond::Atom(a) => self.get(a).cloned(),
            IfCond::All(ops) => {
                let preds: Vec<TokenStream> =
                    ops.iter().filter_map(|c| self.necessary(c)).collect();
                (!preds.is_empty()).then(|| quote!(all(#(#preds),*)))
            }
            IfCond::Any(ops) => {
                let preds: Option<Vec<TokenStream>> =
                    ops.iter().map(|c| self.necessary(c)).collect();
                preds.map(|p| quote!(any(#(#p),*)))
            }
            IfCond::Not(op) => self.exact(op).map(|p| quote!(not(#p))),
        }
    }

    /// A predicate equivalent to `cond`, if every atom of it is mapped.
    ///
    /// (Used for `not`: a predicate merely implied by `cond` says nothing
    /// about its negation.)
    fn exact(&self, cond: &IfCond) -> Option<TokenStream> {
        match cond {
            IfCond::Atom(a) => self.get(a).cloned(),
            IfCond::All(ops) => {
                let preds: Option<Vec<TokenStream>> = ops.iter().map(|c| self.exact(c)).collect();
                preds.map(|p| quote!(all(#(#p),*)))
            }
            IfCond::Any(ops) => {
                let preds: Option<Vec<TokenStream>> = ops.iter().map(|c| self.exact(c)).collect();
                preds.map(|p| quote!(any(#(#p),*)))
            }
            IfCond::Not(op) => self.exact(op).map(|p| quote!(not(#p))),
        }
    }
}

/// `#[cfg(pred)]` for an item that may be compiled out; nothing otherwise.
pub fn attr(pred: Option<impl ToTokens>) -> Option<TokenStream> {
    pred.map(|p| quote!(#[cfg(#p)]))
}

/// The conjunction of `preds`: `None` for none, the one for one.
pub fn all_of(preds: impl IntoIterator<Item = Option<TokenStream>>) -> Option<TokenStream> {
    let mut preds: Vec<TokenStream> = preds.into_iter().flatten().collect();
    // The same predicate twice (a member and its type under one atom) is
    // written once.
    let mut seen = Vec::new();
    preds.retain(|p| {
        let text = p.to_string();
        let new = !seen.contains(&text);
        seen.push(text);
        new
    });
    match preds.len() {
        0 => None,
        1 => preds.pop(),
        _ => Some(quote!(all(#(#preds),*))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn atom(a: &str) -> IfCond {
        IfCond::Atom(a.to_owned())
    }

    fn map() -> CfgMap {
        let mut m = CfgMap::new();
        m.map("KVM", quote!(feature = "kvm"));
        m.map("S390", quote!(target_arch = "s390x"));
        m
    }

    fn show(t: Option<TokenStream>) -> Option<String> {
        t.map(|t| t.to_string())
    }

    #[test]
    fn necessary_predicates() {
        let m = map();
        assert_eq!(
            show(m.necessary(&atom("KVM"))),
            Some("feature = \"kvm\"".into())
        );
        assert_eq!(show(m.necessary(&atom("OTHER"))), None);
        // all(KVM, OTHER) needs KVM.
        let all = IfCond::All(vec![atom("KVM"), atom("OTHER")]);
        assert_eq!(
            show(m.necessary(&all)),
            Some("all (feature = \"kvm\")".into())
        );
        // any(KVM, OTHER) needs nothing we know; any(KVM, S390) needs either.
        assert_eq!(
            show(m.necessary(&IfCond::Any(vec![atom("KVM"), atom("OTHER")]))),
            None
        );
        assert_eq!(
            show(m.necessary(&IfCond::Any(vec![atom("KVM"), atom("S390")]))),
            Some("any (feature = \"kvm\" , target_arch = \"s390x\")".into())
        );
        // not(KVM) is exact; not(all(KVM, OTHER)) says nothing.
        assert_eq!(
            show(m.necessary(&IfCond::Not(Box::new(atom("KVM"))))),
            Some("not (feature = \"kvm\")".into())
        );
        assert_eq!(show(m.necessary(&IfCond::Not(Box::new(all)))), None);
    }

    #[test]
    fn conjunctions() {
        assert_eq!(show(all_of([None, None])), None);
        assert_eq!(
            show(all_of([None, Some(quote!(unix))])),
            Some("unix".into())
        );
        assert_eq!(
            show(all_of([Some(quote!(unix)), Some(quote!(unix))])),
            Some("unix".into())
        );
        assert_eq!(
            show(all_of([Some(quote!(unix)), None, Some(quote!(test))])),
            Some("all (unix , test)".into())
        );
    }
}
