qapi_macros::qapi_schema!("schemas/union-discriminator-not-member.json");

fn main() {}
