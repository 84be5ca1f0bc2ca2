/** What the Kinesis bench measures; shared by the bench and its reporter. */
export const RECORDS_PER_BATCH = 500;
export const FLOOR = "floor: JSON.parse(Buffer.from(data, 'base64').toString('utf8'))";
export const DECODER = 'decodeKinesisBatch(event)';
