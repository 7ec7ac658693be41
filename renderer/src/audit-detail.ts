// Audit entries carry a small structured `detail`; readers see it as one line of their language.

type Translate = (key: string, named?: Record<string, unknown>) => string

const FIELD_KEYS: Record<string, string> = {
  reporterName: 'demand.reporterName',
  reporterPhone: 'demand.reporterPhone',
  reporterAddress: 'demand.reporterAddress',
}

export function describeAuditDetail(detail: Record<string, unknown>, t: Translate): string {
  const parts: string[] = []
  for (const [key, value] of Object.entries(detail)) {
    if (key === 'reason' && typeof value === 'string') parts.push(t('audit.detailReason', { reason: value }))
    else if (key === 'fields' && Array.isArray(value)) {
      const names = value.map((f) => (FIELD_KEYS[String(f)] ? t(FIELD_KEYS[String(f)]) : String(f)))
      parts.push(t('audit.detailFields', { fields: names.join('、') }))
    } else if (key === 'erased' || key === 'backupsDeleted' || key === 'backupsRewritten' || key === 'months') {
      parts.push(t(`audit.detailRetention.${key}`, { n: value === null ? '—' : String(value) }))
    } else parts.push(`${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
  }
  return parts.join('；')
}
