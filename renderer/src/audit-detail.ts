// Audit entries carry a small structured `detail`; readers see it as one line of their language:
// each key by its name (audit.detailKeys), lists joined, yes/no for flags. A key without a name
// stays visible as it is (nothing in the log is hidden from its reader).

type Translate = (key: string, named?: Record<string, unknown>) => string
type Has = (key: string) => boolean

const FIELD_KEYS: Record<string, string> = {
  reporterName: 'demand.reporterName',
  reporterPhone: 'demand.reporterPhone',
  reporterAddress: 'demand.reporterAddress',
}

const RETENTION_KEYS = new Set(['erased', 'backupsDeleted', 'backupsRewritten'])

function valueText(value: unknown, t: Translate): string {
  if (typeof value === 'string') return value
  if (typeof value === 'number') return String(value)
  if (typeof value === 'boolean') return t(value ? 'audit.detailYes' : 'audit.detailNo')
  if (value === null || value === undefined) return '—'
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null)) return value.map((v) => valueText(v, t)).join(t('audit.detailSeparator'))
  return JSON.stringify(value)
}

/**
 * `action` tells what `fields` means: the fields shown (demand.unmask) or the fields changed.
 * `te` (has a message) names keys; without it keys are shown as they are.
 */
export function describeAuditDetail(detail: Record<string, unknown>, t: Translate, te?: Has, action?: string): string {
  const parts: string[] = []
  for (const [key, value] of Object.entries(detail)) {
    if (key === 'reason' && typeof value === 'string') parts.push(t('audit.detailReason', { reason: value }))
    else if (key === 'fields' && Array.isArray(value)) {
      const names = value.map((f) => (FIELD_KEYS[String(f)] ? t(FIELD_KEYS[String(f)]) : String(f)))
      parts.push(t(action && action !== 'demand.unmask' ? 'audit.detailChanged' : 'audit.detailFields', { fields: names.join(t('audit.detailSeparator')) }))
    } else if (RETENTION_KEYS.has(key) || (key === 'months' && (typeof value === 'number' || value === null))) {
      parts.push(t(`audit.detailRetention.${key}`, { n: value === null ? '—' : String(value) }))
    } else if (te?.(`audit.detailKeys.${key}`)) {
      parts.push(t('audit.detailKeyValue', { key: t(`audit.detailKeys.${key}`), value: valueText(value, t) }))
    } else parts.push(`${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
  }
  return parts.join('；')
}
