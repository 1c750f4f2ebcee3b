//! Prints the formatted expansion of a schema: `cargo run -p qapi-codegen
//! --example expand -- SCHEMA.json > out.rs`.

fn main() {
    let path = std::env::args().nth(1).expect("usage: expand SCHEMA.json");
    let schema = match qapi_schema::Schema::load(&path) {
        Ok(schema) => schema,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let file =
        syn::parse_file(&qapi_codegen::generate(&schema)).expect("the expansion parses");
    print!("{}", prettyplease::unparse(&file));
}
