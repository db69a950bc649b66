/**
 * Record ids as the CRM exports them: a prefix per entity and a 1-based, zero-padded number
 * (wider numbers simply grow past six digits at large scales).
 */
const ZERO_PADDING = ['000000', '00000', '0000', '000', '00', '0'];

// Ids are formatted for nearly every field of every row, so this avoids padStart's generic path.
function formatId(prefix: string, index: number): string {
  const digits = `${index + 1}`;
  return digits.length < 6 ? `${prefix}-${ZERO_PADDING[digits.length]}${digits}` : `${prefix}-${digits}`;
}

export const accountId = (index: number): string => formatId('ACC', index);
export const contactId = (index: number): string => formatId('CON', index);

// Users and products are few and named on most rows (owners, changed_by, order lines): keep their ids.
const userIds: string[] = [];
const productIds: string[] = [];

export const userId = (index: number): string => (userIds[index] ??= formatId('USR', index));
export const productId = (index: number): string => (productIds[index] ??= formatId('PRD', index));
export const dealId = (index: number): string => formatId('DEA', index);
export const stageChangeId = (index: number): string => formatId('DSC', index);
export const activityId = (index: number): string => formatId('ACT', index);
export const ticketId = (index: number): string => formatId('TIC', index);
export const orderId = (index: number): string => formatId('ORD', index);
