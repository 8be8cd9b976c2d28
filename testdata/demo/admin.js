// Access control as in the article's "Access Control Logic" example: the
// admin branch hands out every record (TL401 unscoped-admin-access), the
// corrected version checks a permission and scopes to the organisation.

// AI might generate code like this
function listRecords(user, allData) {
  if (user.role === 'admin') { // want TL401
    return allData; // Too broad!
  }
  return allData.filter((record) => record.ownerId === user.id);
}

// What you actually need
function listRecordsScoped(user, allData) {
  if (user.role === 'admin' && hasPermission(user, 'read:all')) {
    return filterByOrganization(allData, user.orgId);
  }
  return allData.filter((record) => record.ownerId === user.id);
}

function hasPermission(user, permission) {
  return Array.isArray(user.permissions) && user.permissions.includes(permission);
}

function filterByOrganization(records, orgId) {
  return records.filter((record) => record.orgId === orgId);
}

module.exports = { listRecords, listRecordsScoped };
