//! Reading and writing an object type's members: a few calls of the
//! runtime's tuple codec (`qapi_runtime::codec::take_members` and
//! `ObjectWriter::put`), one per group of members.
//!
//! Member types are never written out: rustc infers each tuple from the
//! fields it is built from or bound to, and the runtime's impls tell
//! optional members (`Option<T>`) from required ones.  This keeps the
//! generated code to a few tokens per member and quick to type-check.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// Members per tuple.  The runtime implements its tuple traits up to
/// `qapi_runtime::codec::MAX_GROUP` members; the generated tests cover a
/// struct with more members than one group holds.
const GROUP: usize = 16;

/// One member: its wire name, the local variable it is decoded into, the
/// expression of its value when encoding (a place, or a temporary), and
/// the `cfg` predicate it is compiled under, if the `cfg` option maps its
/// condition.
pub struct MemberCode<'a> {
    pub wire: &'a str,
    pub local: &'a Ident,
    pub value: TokenStream,
    pub guard: Option<TokenStream>,
}

impl MemberCode<'_> {
    /// `#[cfg(..)]` for a member that may be compiled out.
    pub fn cfg_attr(&self) -> Option<TokenStream> {
        super::cfg::attr(self.guard.as_ref())
    }
}

/// The members in runs that are decoded or encoded together: up to
/// [`GROUP`] unconditional members, or one that may be compiled out (a
/// tuple cannot leave an element out).
fn groups<'m, 'a>(members: &'m [MemberCode<'a>]) -> Vec<&'m [MemberCode<'a>]> {
    let mut groups = Vec::new();
    let mut rest = members;
    while !rest.is_empty() {
        let len = if rest[0].guard.is_some() {
            1
        } else {
            rest.iter()
                .take(GROUP)
                .take_while(|m| m.guard.is_none())
                .count()
        };
        let (group, tail) = rest.split_at(len);
        groups.push(group);
        rest = tail;
    }
    groups
}

/// The members in the form the runtime's `__impl_struct_codec!` takes them:
/// `["a" a, "b" b] [..]`, a bracket per group; `None` if a member may be
/// compiled out, which only statements of their own can express.
pub fn groups_for_macro(members: &[MemberCode]) -> Option<TokenStream> {
    if members.iter().any(|m| m.guard.is_some()) {
        return None;
    }
    Some(
        groups(members)
            .into_iter()
            .map(|group| {
                let (wires, locals) = (group.iter().map(|m| m.wire), group.iter().map(|m| m.local));
                quote!([#(#wires #locals),*])
            })
            .collect(),
    )
}

/// Statements that decode `members` from `o` (an `Object`), in order, into
/// their locals, returning early on the first error.
pub fn decode(members: &[MemberCode]) -> TokenStream {
    groups(members)
        .into_iter()
        .map(|group| {
            let cfg = group[0].cfg_attr();
            let wires = group.iter().map(|m| m.wire);
            let locals = group.iter().map(|m| m.local);
            // A `match` rather than `?`: cheaper to type-check, and written
            // once per group.
            quote! {
                #cfg
                let (#(#locals,)*) = match __q::take_members(o, &[#(#wires),*]) {
                    __q::Ok(v) => v,
                    __q::Err(e) => return __q::Err(e),
                };
            }
        })
        .collect()
}

/// The fields of a struct expression that takes each member from its
/// local: `a, #[cfg(..)] b,`.
pub fn construct<'m, 'a: 'm>(members: impl IntoIterator<Item = &'m MemberCode<'a>>) -> TokenStream {
    members
        .into_iter()
        .map(|m| {
            let (cfg, local) = (m.cfg_attr(), m.local);
            quote!(#cfg #local,)
        })
        .collect()
}

/// An `ObjectWriter` expression that serializes `members` to `s`, in
/// order, not yet ended.
pub fn encode(members: &[MemberCode]) -> TokenStream {
    let put = |group: &[MemberCode]| {
        let wires = group.iter().map(|m| m.wire);
        let values = group.iter().map(|m| &m.value);
        quote!(.put(&[#(#wires),*], (#(&#values,)*)))
    };
    let groups = groups(members);
    if members.iter().all(|m| m.guard.is_none()) {
        let mut writer = quote!(__q::ObjectWriter::new(s));
        writer.extend(groups.into_iter().map(put));
        return writer;
    }
    // A method call cannot be compiled out of a chain: one statement per
    // group, in a block (parenthesized, so that it can take `.end()`).
    let steps = groups.into_iter().map(|group| {
        let (cfg, put) = (group[0].cfg_attr(), put(group));
        quote!(#cfg let o = o #put;)
    });
    quote!(({
        let o = __q::ObjectWriter::new(s);
        #(#steps)*
        o
    }))
}
