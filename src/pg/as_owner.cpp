#include "pg/as_owner.hpp"

#include "pg/guard.hpp"

extern "C" {
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "utils/syscache.h"
}

namespace leadimport::pg {

Oid bookkeeping_owner() {
  Oid owner = InvalidOid;
  guard([&] {
    Oid ns = get_namespace_oid("leadimport", false);
    Oid rel = get_relname_relid("imports", ns);
    HeapTuple tup = SearchSysCache1(RELOID, ObjectIdGetDatum(rel));
    if (!HeapTupleIsValid(tup)) elog(ERROR, "leadimport.imports does not exist");
    owner = ((Form_pg_class)GETSTRUCT(tup))->relowner;
    ReleaseSysCache(tup);
  });
  return owner;
}

Oid calling_role() { return GetUserId(); }

std::string role_name(Oid role) {
  char* name = nullptr;
  guard([&] { name = GetUserNameFromId(role, true); });
  return name ? std::string(name) : std::string("-");
}

AsOwner::AsOwner() {
  Oid owner = bookkeeping_owner();
  GetUserIdAndSecContext(&saved_user_, &saved_context_);
  SetUserIdAndSecContext(owner, saved_context_ | SECURITY_LOCAL_USERID_CHANGE |
                                    SECURITY_RESTRICTED_OPERATION | SECURITY_NOFORCE_RLS);
}

AsOwner::~AsOwner() { SetUserIdAndSecContext(saved_user_, saved_context_); }

}  // namespace leadimport::pg
