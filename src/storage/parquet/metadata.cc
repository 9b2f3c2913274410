#include "storage/parquet/metadata.h"

#include "storage/parquet/thrift_compact.h"

namespace firn::parquet {
namespace {

// --- Encoding ---

void EncodeLogicalType(CompactWriter* w, const LogicalType& lt) {
  w->BeginStructField(10);
  w->BeginStructField(lt.kind);
  switch (lt.kind) {
    case LogicalType::kDecimal:
      w->I32Field(1, lt.scale);
      w->I32Field(2, lt.precision);
      break;
    case LogicalType::kTimestamp:
      w->BoolField(1, lt.utc);
      w->BeginStructField(2);  // TimeUnit union
      w->BeginStructField(lt.unit);
      w->EndStruct();
      w->EndStruct();
      break;
    case LogicalType::kInteger:
      w->I8Field(1, lt.bit_width);
      w->BoolField(2, lt.is_signed);
      break;
    default:
      break;
  }
  w->EndStruct();
  w->EndStruct();
}

void EncodeSchemaElement(CompactWriter* w, const SchemaElement& e) {
  w->BeginStructElem();
  if (e.type) w->I32Field(1, static_cast<int32_t>(*e.type));
  if (e.type == PhysType::kFixedLenByteArray) w->I32Field(2, e.type_length);
  if (e.repetition) w->I32Field(3, static_cast<int32_t>(*e.repetition));
  w->BinaryField(4, e.name);
  if (!e.type) w->I32Field(5, e.num_children);
  if (e.converted_type) {
    w->I32Field(6, *e.converted_type);
    if (*e.converted_type == converted::kDecimal) {
      w->I32Field(7, e.scale);
      w->I32Field(8, e.precision);
    }
  }
  if (e.field_id) w->I32Field(9, *e.field_id);
  if (e.logical.kind != LogicalType::kNone) EncodeLogicalType(w, e.logical);
  w->EndStruct();
}

void EncodeStatistics(CompactWriter* w, int16_t id, const Statistics& s) {
  w->BeginStructField(id);
  if (s.null_count) w->I64Field(3, *s.null_count);
  if (s.max_value) w->BinaryField(5, *s.max_value);
  if (s.min_value) w->BinaryField(6, *s.min_value);
  w->EndStruct();
}

void EncodeColumnChunk(CompactWriter* w, const ColumnChunk& c) {
  w->BeginStructElem();
  w->I64Field(2, c.file_offset);
  const ColumnMetaData& m = c.meta_data;
  w->BeginStructField(3);
  w->I32Field(1, static_cast<int32_t>(m.type));
  w->BeginListField(2, CType::kI32, static_cast<uint32_t>(m.encodings.size()));
  for (Encoding e : m.encodings) w->I32Elem(static_cast<int32_t>(e));
  w->BeginListField(3, CType::kBinary, static_cast<uint32_t>(m.path_in_schema.size()));
  for (const std::string& p : m.path_in_schema) w->BinaryElem(p);
  w->I32Field(4, static_cast<int32_t>(m.codec));
  w->I64Field(5, m.num_values);
  w->I64Field(6, m.total_uncompressed_size);
  w->I64Field(7, m.total_compressed_size);
  w->I64Field(9, m.data_page_offset);
  if (m.dictionary_page_offset) w->I64Field(11, *m.dictionary_page_offset);
  if (m.statistics) EncodeStatistics(w, 12, *m.statistics);
  w->EndStruct();
  w->EndStruct();
}

// --- Decoding ---

bool DecodeLogicalType(CompactReader* r, LogicalType* lt) {
  r->BeginStruct();
  int16_t id;
  CType t;
  while (r->NextField(&id, &t)) {
    if (t != CType::kStruct) {
      r->Skip(t);
      continue;
    }
    lt->kind = id;
    r->BeginStruct();
    int16_t fid;
    CType ft;
    while (r->NextField(&fid, &ft)) {
      if (id == LogicalType::kDecimal && fid == 1) {
        lt->scale = r->ReadI32(ft);
      } else if (id == LogicalType::kDecimal && fid == 2) {
        lt->precision = r->ReadI32(ft);
      } else if (id == LogicalType::kTimestamp && fid == 1) {
        lt->utc = r->ReadBool(ft);
      } else if (id == LogicalType::kTimestamp && fid == 2 && ft == CType::kStruct) {
        r->BeginStruct();
        int16_t uid;
        CType ut;
        while (r->NextField(&uid, &ut)) {
          lt->unit = uid;
          r->Skip(ut);
        }
        r->EndStruct();
      } else if (id == LogicalType::kInteger && fid == 1) {
        lt->bit_width = static_cast<int8_t>(r->ReadInt(ft));
      } else if (id == LogicalType::kInteger && fid == 2) {
        lt->is_signed = r->ReadBool(ft);
      } else {
        r->Skip(ft);
      }
    }
    r->EndStruct();
  }
  r->EndStruct();
  return r->ok();
}

void DecodeSchemaElement(CompactReader* r, SchemaElement* e) {
  r->BeginStruct();
  int16_t id;
  CType t;
  while (r->NextField(&id, &t)) {
    switch (id) {
      case 1:
        e->type = static_cast<PhysType>(r->ReadI32(t));
        break;
      case 2:
        e->type_length = r->ReadI32(t);
        break;
      case 3:
        e->repetition = static_cast<Repetition>(r->ReadI32(t));
        break;
      case 4:
        e->name = r->ReadBinary(t);
        break;
      case 5:
        e->num_children = r->ReadI32(t);
        break;
      case 6:
        e->converted_type = r->ReadI32(t);
        break;
      case 7:
        e->scale = r->ReadI32(t);
        break;
      case 8:
        e->precision = r->ReadI32(t);
        break;
      case 9:
        e->field_id = r->ReadI32(t);
        break;
      case 10:
        if (t == CType::kStruct) {
          DecodeLogicalType(r, &e->logical);
        } else {
          r->Skip(t);
        }
        break;
      default:
        r->Skip(t);
    }
  }
  r->EndStruct();
}

void DecodeStatistics(CompactReader* r, Statistics* s) {
  r->BeginStruct();
  int16_t id;
  CType t;
  while (r->NextField(&id, &t)) {
    switch (id) {
      case 3:
        s->null_count = r->ReadInt(t);
        break;
      case 5:
        s->max_value = r->ReadBinary(t);
        break;
      case 6:
        s->min_value = r->ReadBinary(t);
        break;
      default:
        r->Skip(t);
    }
  }
  r->EndStruct();
}

void DecodeColumnMetaData(CompactReader* r, ColumnMetaData* m) {
  r->BeginStruct();
  int16_t id;
  CType t;
  while (r->NextField(&id, &t)) {
    switch (id) {
      case 1:
        m->type = static_cast<PhysType>(r->ReadI32(t));
        break;
      case 2: {
        CType et;
        uint32_t n = r->ReadListHeader(t, &et);
        for (uint32_t i = 0; i < n && r->ok(); ++i) {
          m->encodings.push_back(static_cast<Encoding>(r->ReadI32(et)));
        }
        break;
      }
      case 3: {
        CType et;
        uint32_t n = r->ReadListHeader(t, &et);
        for (uint32_t i = 0; i < n && r->ok(); ++i) m->path_in_schema.push_back(r->ReadBinary(et));
        break;
      }
      case 4:
        m->codec = static_cast<CompressionCodec>(r->ReadI32(t));
        break;
      case 5:
        m->num_values = r->ReadInt(t);
        break;
      case 6:
        m->total_uncompressed_size = r->ReadInt(t);
        break;
      case 7:
        m->total_compressed_size = r->ReadInt(t);
        break;
      case 9:
        m->data_page_offset = r->ReadInt(t);
        break;
      case 11:
        m->dictionary_page_offset = r->ReadInt(t);
        break;
      case 12:
        if (t == CType::kStruct) {
          m->statistics.emplace();
          DecodeStatistics(r, &*m->statistics);
        } else {
          r->Skip(t);
        }
        break;
      default:
        r->Skip(t);
    }
  }
  r->EndStruct();
}

void DecodeColumnChunk(CompactReader* r, ColumnChunk* c) {
  r->BeginStruct();
  int16_t id;
  CType t;
  while (r->NextField(&id, &t)) {
    if (id == 2) {
      c->file_offset = r->ReadInt(t);
    } else if (id == 3 && t == CType::kStruct) {
      c->has_meta_data = true;
      DecodeColumnMetaData(r, &c->meta_data);
    } else {
      r->Skip(t);
    }
  }
  r->EndStruct();
}

void DecodeRowGroup(CompactReader* r, RowGroup* g) {
  r->BeginStruct();
  int16_t id;
  CType t;
  while (r->NextField(&id, &t)) {
    switch (id) {
      case 1: {
        CType et;
        uint32_t n = r->ReadListHeader(t, &et);
        if (n > 0 && et != CType::kStruct) r->Fail("column chunks are not structs");
        for (uint32_t i = 0; i < n && r->ok(); ++i) {
          g->columns.emplace_back();
          DecodeColumnChunk(r, &g->columns.back());
        }
        break;
      }
      case 2:
        g->total_byte_size = r->ReadInt(t);
        break;
      case 3:
        g->num_rows = r->ReadInt(t);
        break;
      case 5:
        g->file_offset = r->ReadInt(t);
        break;
      case 6:
        g->total_compressed_size = r->ReadInt(t);
        break;
      case 7:
        g->ordinal = static_cast<int16_t>(r->ReadInt(t));
        break;
      default:
        r->Skip(t);
    }
  }
  r->EndStruct();
}

}  // namespace

void EncodeFileMetaData(const FileMetaData& md, std::string* out) {
  CompactWriter w(out);
  w.I32Field(1, md.version);
  w.BeginListField(2, CType::kStruct, static_cast<uint32_t>(md.schema.size()));
  for (const SchemaElement& e : md.schema) EncodeSchemaElement(&w, e);
  w.I64Field(3, md.num_rows);
  w.BeginListField(4, CType::kStruct, static_cast<uint32_t>(md.row_groups.size()));
  for (const RowGroup& g : md.row_groups) {
    w.BeginStructElem();
    w.BeginListField(1, CType::kStruct, static_cast<uint32_t>(g.columns.size()));
    for (const ColumnChunk& c : g.columns) EncodeColumnChunk(&w, c);
    w.I64Field(2, g.total_byte_size);
    w.I64Field(3, g.num_rows);
    if (g.file_offset) w.I64Field(5, *g.file_offset);
    if (g.total_compressed_size) w.I64Field(6, *g.total_compressed_size);
    if (g.ordinal) w.I16Field(7, *g.ordinal);
    w.EndStruct();
  }
  if (!md.key_value_metadata.empty()) {
    w.BeginListField(5, CType::kStruct, static_cast<uint32_t>(md.key_value_metadata.size()));
    for (const auto& [k, v] : md.key_value_metadata) {
      w.BeginStructElem();
      w.BinaryField(1, k);
      w.BinaryField(2, v);
      w.EndStruct();
    }
  }
  w.BinaryField(6, md.created_by);
  if (md.type_defined_order) {
    size_t leaves = 0;
    for (const SchemaElement& e : md.schema) leaves += e.type ? 1 : 0;
    w.BeginListField(7, CType::kStruct, static_cast<uint32_t>(leaves));
    for (size_t i = 0; i < leaves; ++i) {
      w.BeginStructElem();
      w.BeginStructField(1);  // TYPE_ORDER: TypeDefinedOrder {}
      w.EndStruct();
      w.EndStruct();
    }
  }
  out->push_back(0);  // end of FileMetaData
}

bool DecodeFileMetaData(const uint8_t* data, size_t size, FileMetaData* md, std::string* error) {
  CompactReader r(data, size);
  r.BeginStruct();
  int16_t id;
  CType t;
  while (r.NextField(&id, &t)) {
    switch (id) {
      case 1:
        md->version = r.ReadI32(t);
        break;
      case 2: {
        CType et;
        uint32_t n = r.ReadListHeader(t, &et);
        if (n > 0 && et != CType::kStruct) r.Fail("schema elements are not structs");
        for (uint32_t i = 0; i < n && r.ok(); ++i) {
          md->schema.emplace_back();
          DecodeSchemaElement(&r, &md->schema.back());
        }
        break;
      }
      case 3:
        md->num_rows = r.ReadInt(t);
        break;
      case 4: {
        CType et;
        uint32_t n = r.ReadListHeader(t, &et);
        if (n > 0 && et != CType::kStruct) r.Fail("row groups are not structs");
        for (uint32_t i = 0; i < n && r.ok(); ++i) {
          md->row_groups.emplace_back();
          DecodeRowGroup(&r, &md->row_groups.back());
        }
        break;
      }
      case 5: {
        CType et;
        uint32_t n = r.ReadListHeader(t, &et);
        if (n > 0 && et != CType::kStruct) r.Fail("key/value metadata are not structs");
        for (uint32_t i = 0; i < n && r.ok(); ++i) {
          std::pair<std::string, std::string> kv;
          r.BeginStruct();
          int16_t fid;
          CType ft;
          while (r.NextField(&fid, &ft)) {
            if (fid == 1) {
              kv.first = r.ReadBinary(ft);
            } else if (fid == 2) {
              kv.second = r.ReadBinary(ft);
            } else {
              r.Skip(ft);
            }
          }
          r.EndStruct();
          md->key_value_metadata.push_back(std::move(kv));
        }
        break;
      }
      case 6:
        md->created_by = r.ReadBinary(t);
        break;
      case 7:
        md->type_defined_order = true;
        r.Skip(t);
        break;
      default:
        r.Skip(t);
    }
  }
  r.EndStruct();
  if (!r.ok()) {
    *error = r.error();
    return false;
  }
  return true;
}

void EncodePageHeader(const PageHeader& h, std::string* out) {
  CompactWriter w(out);
  w.I32Field(1, static_cast<int32_t>(h.type));
  w.I32Field(2, h.uncompressed_page_size);
  w.I32Field(3, h.compressed_page_size);
  if (h.crc) w.I32Field(4, static_cast<int32_t>(*h.crc));
  switch (h.type) {
    case PageType::kDataPage:
      w.BeginStructField(5);
      w.I32Field(1, h.num_values);
      w.I32Field(2, static_cast<int32_t>(h.encoding));
      w.I32Field(3, static_cast<int32_t>(h.def_level_encoding));
      w.I32Field(4, static_cast<int32_t>(h.rep_level_encoding));
      w.EndStruct();
      break;
    case PageType::kDictionaryPage:
      w.BeginStructField(7);
      w.I32Field(1, h.num_values);
      w.I32Field(2, static_cast<int32_t>(h.encoding));
      w.EndStruct();
      break;
    case PageType::kDataPageV2:
      w.BeginStructField(8);
      w.I32Field(1, h.num_values);
      w.I32Field(2, h.num_nulls);
      w.I32Field(3, h.num_rows);
      w.I32Field(4, static_cast<int32_t>(h.encoding));
      w.I32Field(5, h.def_levels_byte_length);
      w.I32Field(6, h.rep_levels_byte_length);
      w.BoolField(7, h.is_compressed);
      w.EndStruct();
      break;
    case PageType::kIndexPage:
      break;
  }
  out->push_back(0);
}

bool DecodePageHeader(const uint8_t* data, size_t size, PageHeader* h, size_t* consumed,
                      std::string* error) {
  CompactReader r(data, size);
  r.BeginStruct();
  int16_t id;
  CType t;
  int16_t want = -1;
  while (r.NextField(&id, &t)) {
    if (id == 1) {
      h->type = static_cast<PageType>(r.ReadI32(t));
    } else if (id == 2) {
      h->uncompressed_page_size = r.ReadI32(t);
    } else if (id == 3) {
      h->compressed_page_size = r.ReadI32(t);
    } else if (id == 4) {
      h->crc = static_cast<uint32_t>(r.ReadI32(t));
    } else if ((id == 5 || id == 7 || id == 8) && t == CType::kStruct) {
      want = id;
      h->has_type_header = true;
      r.BeginStruct();
      int16_t fid;
      CType ft;
      while (r.NextField(&fid, &ft)) {
        if (fid == 1) {
          h->num_values = r.ReadI32(ft);
        } else if (id == 5 && fid == 2) {
          h->encoding = static_cast<Encoding>(r.ReadI32(ft));
        } else if (id == 5 && fid == 3) {
          h->def_level_encoding = static_cast<Encoding>(r.ReadI32(ft));
        } else if (id == 5 && fid == 4) {
          h->rep_level_encoding = static_cast<Encoding>(r.ReadI32(ft));
        } else if (id == 7 && fid == 2) {
          h->encoding = static_cast<Encoding>(r.ReadI32(ft));
        } else if (id == 8 && fid == 2) {
          h->num_nulls = r.ReadI32(ft);
        } else if (id == 8 && fid == 3) {
          h->num_rows = r.ReadI32(ft);
        } else if (id == 8 && fid == 4) {
          h->encoding = static_cast<Encoding>(r.ReadI32(ft));
        } else if (id == 8 && fid == 5) {
          h->def_levels_byte_length = r.ReadI32(ft);
        } else if (id == 8 && fid == 6) {
          h->rep_levels_byte_length = r.ReadI32(ft);
        } else if (id == 8 && fid == 7) {
          h->is_compressed = r.ReadBool(ft);
        } else {
          r.Skip(ft);
        }
      }
      r.EndStruct();
    } else {
      r.Skip(t);
    }
  }
  r.EndStruct();
  if (!r.ok()) {
    *error = r.error();
    return false;
  }
  int16_t expected = h->type == PageType::kDataPage         ? 5
                     : h->type == PageType::kDictionaryPage ? 7
                     : h->type == PageType::kDataPageV2     ? 8
                                                            : -1;
  if (want != expected && expected != -1) h->has_type_header = false;
  *consumed = r.position();
  return true;
}

}  // namespace firn::parquet
