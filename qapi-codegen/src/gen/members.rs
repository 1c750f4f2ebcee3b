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

/// One member: its wire name, the local variable it is decoded into, and
/// the expression of its value when encoding (a place, or a temporary).
pub struct MemberCode<'a> {
    pub wire: &'a str,
    pub local: &'a Ident,
    pub value: TokenStream,
}

/// Statements that decode `members` from `o` (an `Object`), in order, into
/// their locals, returning early on the first error.
pub fn decode(members: &[MemberCode]) -> TokenStream {
    members
        .chunks(GROUP)
        .map(|group| {
            let wires = group.iter().map(|m| m.wire);
            let locals = group.iter().map(|m| m.local);
            // A `match` rather than `?`: cheaper to type-check, and written
            // once per group.
            quote! {
                let (#(#locals,)*) = match __q::take_members(o, &[#(#wires),*]) {
                    __q::Ok(v) => v,
                    __q::Err(e) => return __q::Err(e),
                };
            }
        })
        .collect()
}

/// An `ObjectWriter` expression that serializes `members` to `s`, in
/// order, not yet ended.
pub fn encode(members: &[MemberCode]) -> TokenStream {
    let mut writer = quote!(__q::ObjectWriter::new(s));
    writer.extend(members.chunks(GROUP).map(|group| {
        let wires = group.iter().map(|m| m.wire);
        let values = group.iter().map(|m| &m.value);
        quote!(.put(&[#(#wires),*], (#(&#values,)*)))
    }));
    writer
}
