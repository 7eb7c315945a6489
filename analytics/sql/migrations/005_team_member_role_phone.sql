-- Team members: the role in the team as the roster states it (Tổ trưởng, Tổ phó, Thành viên)
-- and the phone number as text (its leading zero kept).
ALTER TABLE team_member ADD COLUMN role VARCHAR;
ALTER TABLE team_member ADD COLUMN phone VARCHAR;
