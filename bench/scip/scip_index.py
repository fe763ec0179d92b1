"""A minimal reader for SCIP indexes (https://github.com/sourcegraph/scip).

SCIP is protobuf. Only the handful of fields the scorer needs are decoded,
straight from the wire format, so the bench needs no protoc, no generated
code and no PyPI package. Field numbers are those of scip.proto:

  Index       documents = 2
  Document    relative_path = 1, occurrences = 2
  Occurrence  range = 1 (packed int32), symbol = 2, symbol_roles = 3,
              enclosing_range = 7 (packed int32)
"""

from dataclasses import dataclass, field

DEFINITION = 1  # SymbolRole.Definition


@dataclass
class Occurrence:
    line: int  # 0-based, as SCIP stores it
    column: int
    end_line: int
    end_column: int
    symbol: str
    roles: int
    enclosing: tuple = ()

    @property
    def is_definition(self):
        return bool(self.roles & DEFINITION)


@dataclass
class Document:
    path: str
    occurrences: list = field(default_factory=list)


def _varint(buf, pos):
    result = shift = 0
    while True:
        byte = buf[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if byte < 0x80:
            return result, pos
        shift += 7


def _fields(buf):
    """Yields (field number, wire type, value) for one message's bytes."""
    pos, end = 0, len(buf)
    while pos < end:
        key, pos = _varint(buf, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = _varint(buf, pos)
        elif wire == 2:
            length, pos = _varint(buf, pos)
            value = buf[pos:pos + length]
            pos += length
        elif wire == 1:
            value, pos = buf[pos:pos + 8], pos + 8
        elif wire == 5:
            value, pos = buf[pos:pos + 4], pos + 4
        else:
            raise ValueError(f"unsupported protobuf wire type {wire}")
        yield number, wire, value


def _packed_int32(value, wire):
    if wire == 0:
        return [value]
    out, pos = [], 0
    while pos < len(value):
        v, pos = _varint(value, pos)
        out.append(v)
    return out


def _range(values):
    # [line, start, end] on one line, or [line, start, end_line, end].
    if len(values) == 3:
        return values[0], values[1], values[0], values[2]
    if len(values) == 4:
        return tuple(values)
    return None


def _occurrence(buf):
    rng, enclosing, symbol, roles = [], [], "", 0
    for number, wire, value in _fields(buf):
        if number == 1:
            rng.extend(_packed_int32(value, wire))
        elif number == 2:
            symbol = bytes(value).decode("utf-8")
        elif number == 3:
            roles = value
        elif number == 7:
            enclosing.extend(_packed_int32(value, wire))
    r = _range(rng)
    if r is None:
        return None
    return Occurrence(*r, symbol=symbol, roles=roles, enclosing=_range(enclosing) or ())


def _document(buf):
    doc = Document(path="")
    for number, _, value in _fields(buf):
        if number == 1:
            doc.path = bytes(value).decode("utf-8")
        elif number == 2:
            occ = _occurrence(value)
            if occ is not None:
                doc.occurrences.append(occ)
    return doc


def read_index(path):
    """The documents of a SCIP index file."""
    with open(path, "rb") as f:
        buf = memoryview(f.read())
    return [_document(v) for n, _, v in _fields(buf) if n == 2]
