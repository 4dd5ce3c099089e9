//! A minimal protocol-buffers wire reader: just what the four CWA poster messages need.
//!
//! Hand-written rather than `prost`: four small messages, and the reader must refuse what a
//! generic decoder would quietly accept (a repeated singular field, a varint wider than its
//! field, groups), with a typed error for each; no code generation, no new dependency.

use super::ProtobufError;

/// One field's value as it is on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum WireValue<'a> {
    /// Wire type 0.
    Varint(u64),
    /// Wire type 1 (8 bytes, little-endian).
    Fixed64,
    /// Wire type 2: the bytes of a string, bytes field or embedded message.
    Bytes(&'a [u8]),
    /// Wire type 5 (4 bytes, little-endian).
    Fixed32,
}

/// Reads the fields of one message in order.
struct FieldReader<'a> {
    rest: &'a [u8],
}

/// The largest field number protobuf allows (2^29 − 1).
const MAX_FIELD_NUMBER: u64 = (1 << 29) - 1;

impl<'a> FieldReader<'a> {
    /// A reader over the encoded message `bytes`.
    fn new(bytes: &'a [u8]) -> Self {
        FieldReader { rest: bytes }
    }

    /// The next field number and value, or `None` at the end of the message.
    fn next_field(&mut self) -> Result<Option<(u32, WireValue<'a>)>, ProtobufError> {
        if self.rest.is_empty() {
            return Ok(None);
        }
        let tag = self.varint()?;
        let number = tag >> 3;
        if number == 0 || number > MAX_FIELD_NUMBER {
            return Err(ProtobufError::FieldNumber);
        }
        let value = match tag & 7 {
            0 => WireValue::Varint(self.varint()?),
            1 => {
                self.take(8)?;
                WireValue::Fixed64
            }
            2 => {
                let length = usize::try_from(self.varint()?).map_err(|_| ProtobufError::Truncated)?;
                WireValue::Bytes(self.take(length)?)
            }
            5 => {
                self.take(4)?;
                WireValue::Fixed32
            }
            _ => return Err(ProtobufError::WireType),
        };
        // MAX_FIELD_NUMBER fits in u32, checked above.
        Ok(Some((number as u32, value)))
    }

    /// A base-128 varint of at most 10 bytes whose value fits 64 bits.
    fn varint(&mut self) -> Result<u64, ProtobufError> {
        let mut value = 0u64;
        for (index, &byte) in self.rest.iter().enumerate().take(10) {
            let bits = u64::from(byte & 0x7f);
            if index == 9 && bits > 1 {
                return Err(ProtobufError::VarintOverflow);
            }
            value |= bits << (7 * index);
            if byte & 0x80 == 0 {
                self.rest = &self.rest[index + 1..];
                return Ok(value);
            }
        }
        if self.rest.len() >= 10 { Err(ProtobufError::VarintOverflow) } else { Err(ProtobufError::Truncated) }
    }

    /// The next `length` bytes.
    fn take(&mut self, length: usize) -> Result<&'a [u8], ProtobufError> {
        if length > self.rest.len() {
            return Err(ProtobufError::Truncated);
        }
        let (taken, rest) = self.rest.split_at(length);
        self.rest = rest;
        Ok(taken)
    }
}

/// Calls `visit` with each field number and value of the message `bytes`, in order.
pub(super) fn read_fields<'a>(
    bytes: &'a [u8],
    mut visit: impl FnMut(u32, WireValue<'a>) -> Result<(), ProtobufError>,
) -> Result<(), ProtobufError> {
    let mut fields = FieldReader::new(bytes);
    while let Some((number, value)) = fields.next_field()? {
        visit(number, value)?;
    }
    Ok(())
}

/// One singular field of a message being decoded: refuses a second occurrence and a wrong
/// wire type, so every accepted payload has one meaning.
pub(super) struct Slot<T> {
    value: Option<T>,
}

impl<T> Default for Slot<T> {
    fn default() -> Self {
        Slot { value: None }
    }
}

impl<T> Slot<T> {
    /// Stores `value`, refusing a field that occurs twice.
    pub(super) fn set(&mut self, value: T) -> Result<(), ProtobufError> {
        if self.value.is_some() {
            return Err(ProtobufError::RepeatedField);
        }
        self.value = Some(value);
        Ok(())
    }

    /// The value, if the field occurred.
    pub(super) fn get(self) -> Option<T> {
        self.value
    }
}

/// The varint of a `uint32`/`int32`/enum field; a value wider than 32 bits is refused.
pub(super) fn as_u32(value: WireValue<'_>) -> Result<u32, ProtobufError> {
    u32::try_from(as_u64(value)?).map_err(|_| ProtobufError::VarintOverflow)
}

/// The varint of a `uint64` field.
pub(super) fn as_u64(value: WireValue<'_>) -> Result<u64, ProtobufError> {
    match value {
        WireValue::Varint(number) => Ok(number),
        _ => Err(ProtobufError::WireType),
    }
}

/// The bytes of a `bytes`, `string` or message field.
pub(super) fn as_bytes(value: WireValue<'_>) -> Result<&[u8], ProtobufError> {
    match value {
        WireValue::Bytes(bytes) => Ok(bytes),
        _ => Err(ProtobufError::WireType),
    }
}

/// The text of a `string` field, which must be UTF-8.
pub(super) fn as_string(value: WireValue<'_>) -> Result<String, ProtobufError> {
    std::str::from_utf8(as_bytes(value)?).map(str::to_owned).map_err(|_| ProtobufError::Utf8)
}
