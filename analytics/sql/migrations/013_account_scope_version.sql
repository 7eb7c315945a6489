-- scope: shared
-- An account's scope code is a unit of one hierarchy version (code 06505 is Xã Vạn Linh in the
-- lists of 2021 and 2025-01, and the larger Xã Vạn Linh made of three old communes since
-- 1/7/2025): scope_version says which. NULL means the version of the first campaign's units (in
-- main), where accounts made before campaigns got their scope. A campaign on another version
-- reads the scope through unit_lineage and never widens it (analytics/lineage.py).
ALTER TABLE account ADD COLUMN scope_version VARCHAR;
UPDATE account SET scope_version = (SELECT any_value(version) FROM unit WHERE level = 'province')
WHERE scope_code IS NOT NULL;
