//! Reading and writing an object type's members: one call of the runtime's
//! `deserialize_struct` (or `deserialize_union`), whose members come as a
//! tuple of groups, and a call of `ObjectWriter::put` per group.
//!
//! Member types are never written out: rustc infers each tuple from the
//! fields it is built from or bound to, and the runtime tells optional
//! members (`Option<T>`) from required ones by how they (de)serialize.
//! This keeps the generated code to a few tokens per member and quick to
//! type-check.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

/// Members per tuple.  The runtime implements its tuple traits up to
/// `qapi_runtime::codec::MAX_GROUP` members, and up to as many groups; the
/// generated tests cover a struct with more members than one group holds.
const GROUP: usize = 16;

/// The most members an object type's decoding takes: `GROUP` groups of
/// `GROUP` (`qapi_runtime::codec::MAX_MEMBERS`).  QEMU's largest has 16.
const MAX_MEMBERS: usize = GROUP * GROUP;

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

/// The members in runs that are encoded together: up to [`GROUP`]
/// unconditional members, or one that may be compiled out (a tuple cannot
/// leave an element out; decoding binds such a member as `Skip` instead).
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
/// compiled out, which only statements of their own can express (and for
/// more members than decoding takes, which [`decode`] reports).
pub fn groups_for_macro(members: &[MemberCode]) -> Option<TokenStream> {
    if members.len() > MAX_MEMBERS || members.iter().any(|m| m.guard.is_some()) {
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

/// Statements, in a `Deserialize` body, that decode `members` from `d` in
/// one call of the runtime, into their locals, returning early on an
/// error.  `key` is the type's key for the decoder (see
/// [`super::conditional`]), or empty.  For a union, `tag` is the discriminator's position: it is
/// decoded in its place but bound to no local (the branch decides it), and
/// the branch is bound to `branch`.
///
/// Every member is bound, a member that may be compiled out too: where it
/// is, it has the runtime's `Skip` type, which leaves a value given for it
/// unread, so that it is reported as unexpected.
pub fn decode(members: &[MemberCode], key: Literal, tag: Option<usize>) -> TokenStream {
    let bound: Vec<&MemberCode> = (members.iter().enumerate())
        .filter(|&(i, _)| Some(i) != tag)
        .map(|(_, m)| m)
        .collect();
    if bound.len() > MAX_MEMBERS {
        let message = format!(
            "qapi_schema!: an object type with {} members; at most {MAX_MEMBERS} are supported",
            bound.len()
        );
        // The locals are bound, so that the error is the only one.
        let locals = bound.iter().map(|m| m.local);
        return quote!(let (#(#locals,)*) = ::core::compile_error!(#message););
    }
    let groups = bound.chunks(GROUP).map(|group| {
        let locals = group.iter().map(|m| m.local);
        quote!((#(#locals,)*),)
    });
    let wires = members.iter().map(|m| m.wire);
    let (pattern, call) = match tag {
        None => (
            quote!((#(#groups)*)),
            quote!(__q::deserialize_struct(d, #key, &[#(#wires),*])),
        ),
        Some(tag) => (quote!(((#(#groups)*), branch)), {
            let tag = proc_macro2::Literal::usize_unsuffixed(tag);
            quote!(__q::deserialize_union(d, #key, &[#(#wires,)* __q::BRANCH], #tag))
        }),
    };
    let skips = bound.iter().filter_map(|m| {
        let (guard, local) = (m.guard.as_ref()?, m.local);
        Some(quote!(#[cfg(not(#guard))] let _: __q::Skip = #local;))
    });
    // A `match` rather than `?`: cheaper to type-check.
    quote! {
        let #pattern = match #call {
            __q::Ok(v) => v,
            __q::Err(e) => return __q::Err(e),
        };
        #(#skips)*
    }
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
