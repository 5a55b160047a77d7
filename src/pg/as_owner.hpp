// Acting as the bookkeeping tables' owner for a moment (SPEC "Who may do
// what"): importers can't write imports, import_files, import_errors or
// notifications; leadimport writes them as the owner of leadimport.imports,
// the way PostgreSQL's foreign-key checks act as a table's owner. Leads and
// contacts are never written inside this scope: they are the caller's.
//
// Restricted as VACUUM's and REFRESH's switches are (no SET ROLE, no
// temporary objects), and restored by the destructor when C++ unwinds (an
// ERROR's transaction abort restores it too).
#pragma once

#include <string>

#include "pg/postgres.hpp"

namespace leadimport::pg {

class AsOwner {
 public:
  AsOwner();
  ~AsOwner();
  AsOwner(const AsOwner&) = delete;
  AsOwner& operator=(const AsOwner&) = delete;

 private:
  Oid saved_user_ = InvalidOid;
  int saved_context_ = 0;
};

// The owner of leadimport.imports (whom AsOwner becomes).
Oid bookkeeping_owner();

// The role that called: what imports.created_by records.
Oid calling_role();

// A role's name ("-" when it no longer exists).
std::string role_name(Oid role);

}  // namespace leadimport::pg
