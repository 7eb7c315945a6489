-- Units carry the hierarchy version they belong to and their validity: a unit is (code, version),
-- never a code alone (code 06040 is Xã Đại Đồng in 2021 and Thị trấn Thất Khê in 2025-01).
-- Units of databases made before this migration come from the list of 2025-01 (194 communes in
-- Lạng Sơn).
ALTER TABLE unit ADD COLUMN version VARCHAR;
ALTER TABLE unit ADD COLUMN valid_from DATE;
ALTER TABLE unit ADD COLUMN valid_to DATE;
UPDATE unit SET version = '2025-01';
