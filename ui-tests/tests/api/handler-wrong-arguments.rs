mod api {
    qapi_macros::qapi_schema!("schemas/api.json");
}

fn main() {
    let mut registry = qapi_runtime::Registry::new();
    registry.register::<api::commands::Draw, _>(|args: api::commands::Clear| Ok(api::Point { x: 0, y: 0, label: None }));
}
