mod api {
    qapi_macros::qapi_schema!("schemas/api.json");
}

fn main() {
    let mut registry = qapi_runtime::Registry::new();
    registry.register::<api::commands::Draw, _>(
        |_args| -> Result<api::Color, qapi_runtime::CommandError> { Ok(api::Color::Red) },
    );
}
