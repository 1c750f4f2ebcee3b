qapi_macros::qapi_schema!(path = "schemas/api.json", crate = "my facade");

fn main() {}
