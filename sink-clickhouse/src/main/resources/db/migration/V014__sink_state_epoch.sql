-- The sink's state learns which incarnation of a partition's log it describes: epoch (raised when a
-- topic is recreated or its log reset under the same name) and anchor (timestamp and key digest of
-- the record at max_offset, to recognise the log on the next assignment). The version becomes
-- epoch * 2^47 + 2 * max_offset + (AFTER ? 1 : 0), equal to the old formula for epoch 0.
ALTER TABLE ${database}.sink_state ADD COLUMN IF NOT EXISTS epoch UInt32 DEFAULT 0 AFTER partition;
ALTER TABLE ${database}.sink_state ADD COLUMN IF NOT EXISTS anchor String DEFAULT '' AFTER phase;
