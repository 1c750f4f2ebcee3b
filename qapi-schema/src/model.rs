//! The checked schema's entities: what a code generator walks.
//!
//! Entities live in one list in creation order (QEMU's order) and refer to
//! each other by [`EntityId`].  Every type reference is resolved once the
//! schema has been checked.

use crate::ifcond::IfCond;
use crate::source::Info;

/// Index of an entity in [`crate::Schema::entities`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntityId(pub(crate) u32);

impl EntityId {
    /// The position in the entity list.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A reference to a type, by name as written and resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypeRef {
    pub(crate) name: String,
    pub(crate) id: Option<EntityId>,
}

impl TypeRef {
    pub(crate) fn new(name: impl Into<String>) -> TypeRef {
        TypeRef {
            name: name.into(),
            id: None,
        }
    }

    /// The type's name (`FooList` for an array of `Foo`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The referenced type.
    pub fn id(&self) -> EntityId {
        // Every reference is resolved by the check that a schema must pass
        // before it is handed out.
        self.id
            .expect("type references are resolved by the schema check")
    }
}

/// A feature of a definition, member or enum value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Feature {
    /// The feature's name.
    pub name: String,
    /// Its condition.
    pub ifcond: Option<IfCond>,
}

impl Feature {
    /// `deprecated` and `unstable` have a meaning to QEMU itself.
    pub fn is_special(&self) -> bool {
        self.name == "deprecated" || self.name == "unstable"
    }
}

/// The built-in scalar types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Builtin {
    /// `str`
    Str,
    /// `number`
    Number,
    /// `int`
    Int,
    /// `int8`
    Int8,
    /// `int16`
    Int16,
    /// `int32`
    Int32,
    /// `int64`
    Int64,
    /// `uint8`
    Uint8,
    /// `uint16`
    Uint16,
    /// `uint32`
    Uint32,
    /// `uint64`
    Uint64,
    /// `size`
    Size,
    /// `bool`
    Bool,
    /// `any`
    Any,
    /// `null`
    Null,
}

impl Builtin {
    /// All built-ins, in QEMU's order of definition.
    pub const ALL: [Builtin; 15] = [
        Builtin::Str,
        Builtin::Number,
        Builtin::Int,
        Builtin::Int8,
        Builtin::Int16,
        Builtin::Int32,
        Builtin::Int64,
        Builtin::Uint8,
        Builtin::Uint16,
        Builtin::Uint32,
        Builtin::Uint64,
        Builtin::Size,
        Builtin::Bool,
        Builtin::Any,
        Builtin::Null,
    ];

    /// The schema name (`str`, `uint8`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Builtin::Str => "str",
            Builtin::Number => "number",
            Builtin::Int => "int",
            Builtin::Int8 => "int8",
            Builtin::Int16 => "int16",
            Builtin::Int32 => "int32",
            Builtin::Int64 => "int64",
            Builtin::Uint8 => "uint8",
            Builtin::Uint16 => "uint16",
            Builtin::Uint32 => "uint32",
            Builtin::Uint64 => "uint64",
            Builtin::Size => "size",
            Builtin::Bool => "bool",
            Builtin::Any => "any",
            Builtin::Null => "null",
        }
    }

    /// The JSON type as introspection names it (`string`, `int`, `value`...);
    /// every sized integer and `size` are `int`.
    pub fn json_type(self) -> &'static str {
        match self {
            Builtin::Str => "string",
            Builtin::Number => "number",
            Builtin::Bool => "boolean",
            Builtin::Any => "value",
            Builtin::Null => "null",
            _ => "int",
        }
    }
}

/// A value of an enum.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnumMember {
    /// The value as it appears on the wire.
    pub name: String,
    /// Its condition.
    pub ifcond: Option<IfCond>,
    /// Its features.
    pub features: Vec<Feature>,
}

/// An enum type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnumType {
    /// The values, in order.
    pub members: Vec<EnumMember>,
    /// The `prefix` option (for C names).
    pub prefix: Option<String>,
}

impl EnumType {
    /// Whether `name` is one of the values.
    pub fn has_member(&self, name: &str) -> bool {
        self.members.iter().any(|m| m.name == name)
    }
}

/// An array type `[ T ]`, named `TList`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArrayType {
    /// The element type.
    pub element: TypeRef,
}

/// A member of an object type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    /// The name, without the `*` of optional members.
    pub name: String,
    /// Whether the member may be absent.
    pub optional: bool,
    /// Its type.
    pub ty: TypeRef,
    /// Its condition.
    pub ifcond: Option<IfCond>,
    /// Its features.
    pub features: Vec<Feature>,
    /// The name of the type that declares it (a base, for inherited ones).
    pub defined_in: String,
}

/// A branch of a union or an alternative of an alternate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Variant {
    /// The branch name: a discriminator value, or the alternative's name.
    pub name: String,
    /// Its type.
    pub ty: TypeRef,
    /// Its condition.
    pub ifcond: Option<IfCond>,
}

/// The branches of a union.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Branches {
    /// The discriminator: a member of the base, of enum type.
    pub tag: String,
    /// Explicit branches in source order, then an empty branch (type
    /// `q_empty`) for every other discriminator value, in enum order.
    pub variants: Vec<Variant>,
}

/// A struct, a union, or an implicit object type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectType {
    /// The base type, if any.
    pub base: Option<TypeRef>,
    /// The members declared by this type itself.
    pub local_members: Vec<Member>,
    /// For a union, its branches.
    pub branches: Option<Branches>,
    /// All members: the base's, then the local ones.
    pub members: Vec<Member>,
}

impl ObjectType {
    /// Whether it is a union.
    pub fn is_union(&self) -> bool {
        self.branches.is_some()
    }
}

/// An alternate type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AlternateType {
    /// The alternatives, in order.
    pub variants: Vec<Variant>,
}

/// A command's flags.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CommandFlags {
    /// `false` when the schema says `'gen': false`.
    pub gen: bool,
    /// `false` when the schema says `'success-response': false`.
    pub success_response: bool,
    /// The arguments are passed as one object.
    pub boxed: bool,
    /// The command may be executed out of band.
    pub allow_oob: bool,
    /// The command is available in preconfig state.
    pub allow_preconfig: bool,
    /// The handler runs in a coroutine.
    pub coroutine: bool,
}

impl Default for CommandFlags {
    /// The flags of a command that sets none.
    fn default() -> CommandFlags {
        CommandFlags {
            gen: true,
            success_response: true,
            boxed: false,
            allow_oob: false,
            allow_preconfig: false,
            coroutine: false,
        }
    }
}

/// A command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Command {
    /// The argument type (implicit `q_obj_NAME-arg` for inline `data`).
    pub arg_type: Option<TypeRef>,
    /// The return type.
    pub ret_type: Option<TypeRef>,
    /// Its flags.
    pub flags: CommandFlags,
}

/// An event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// The data type (implicit `q_obj_NAME-arg` for inline `data`).
    pub arg_type: Option<TypeRef>,
    /// The data is passed as one object.
    pub boxed: bool,
}

/// What an entity is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EntityKind {
    /// A built-in scalar type.
    Builtin(Builtin),
    /// An enum.
    Enum(EnumType),
    /// An array.
    Array(ArrayType),
    /// A struct, union or implicit object.
    Object(ObjectType),
    /// An alternate.
    Alternate(AlternateType),
    /// A command.
    Command(Command),
    /// An event.
    Event(Event),
    /// An `include` directive; the index of the included module.
    Include(usize),
}

/// One entity of the schema.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entity {
    /// The name (for an include, the included module's name).
    pub name: String,
    /// Where it is defined; `None` for predefined entities.  Implicit
    /// entities carry the location of the definition that made them.
    pub info: Option<Info>,
    /// Its documentation block, an index into [`crate::Schema::docs`].
    pub doc: Option<usize>,
    /// Its condition (an array's is its element type's).
    pub ifcond: Option<IfCond>,
    /// Its features.
    pub features: Vec<Feature>,
    /// What it is.
    pub kind: EntityKind,
    pub(crate) module: usize,
}

impl Entity {
    /// Whether this is a type (not a command, event or include).
    pub fn is_type(&self) -> bool {
        !matches!(
            self.kind,
            EntityKind::Command(_) | EntityKind::Event(_) | EntityKind::Include(_)
        )
    }

    /// Whether QEMU made it up: built-ins, arrays and `q_*` object types.
    pub fn is_implicit(&self) -> bool {
        match self.kind {
            EntityKind::Object(_) => self.name.starts_with("q_"),
            EntityKind::Array(_) | EntityKind::Builtin(_) => true,
            _ => self.info.is_none(),
        }
    }

    /// The index of its module in [`crate::Schema::modules`].
    pub fn module(&self) -> usize {
        self.module
    }

    /// The word QEMU uses for it: `enum`, `struct`, `built-in`, ...
    pub fn meta(&self) -> &'static str {
        match &self.kind {
            EntityKind::Builtin(_) => "built-in",
            EntityKind::Enum(_) => "enum",
            EntityKind::Array(_) => "array",
            EntityKind::Object(o) if o.is_union() => "union",
            EntityKind::Object(_) => "struct",
            EntityKind::Alternate(_) => "alternate",
            EntityKind::Command(_) => "command",
            EntityKind::Event(_) => "event",
            EntityKind::Include(_) => "include",
        }
    }

    /// The description used in messages: `struct type 'Foo'`,
    /// `array type ['int']`, `built-in type 'str'`...
    pub fn describe(&self) -> String {
        match &self.kind {
            EntityKind::Array(a) => format!("array type ['{}']", a.element.name),
            _ if self.is_type() => format!("{} type '{}'", self.meta(), self.name),
            _ => format!("{} '{}'", self.meta(), self.name),
        }
    }

    /// The object type, if it is one.
    pub fn as_object(&self) -> Option<&ObjectType> {
        match &self.kind {
            EntityKind::Object(o) => Some(o),
            _ => None,
        }
    }

    /// The enum type, if it is one.
    pub fn as_enum(&self) -> Option<&EnumType> {
        match &self.kind {
            EntityKind::Enum(e) => Some(e),
            _ => None,
        }
    }
}

/// A module: one schema file (or `./builtin`), and its entities.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Module {
    /// `./builtin`, or the file's path relative to the root file's
    /// directory, normalized.
    pub name: String,
    pub(crate) entities: Vec<EntityId>,
}

impl Module {
    /// The module's entities in creation order.
    pub fn entities(&self) -> &[EntityId] {
        &self.entities
    }

    /// Whether this is the built-in module.
    pub fn is_builtin(&self) -> bool {
        self.name.starts_with("./")
    }
}
