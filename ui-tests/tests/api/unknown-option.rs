qapi_macros::qapi_schema!(path = "schemas/api.json", bogus = true);

fn main() {}
