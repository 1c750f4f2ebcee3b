mod api {
    qapi_macros::qapi_schema!("schemas/api.json");
}

fn main() {
    let registry = qapi_runtime::Registry::new();
    let _ = qapi_runtime::execute::<api::commands::Draw>(&registry, api::commands::Clear);
}
