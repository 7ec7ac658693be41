import type { z } from 'zod'
import { AppError } from './errors'

/** Turns a zod failure into one typed error with a zh-CN message per field. */
export function toValidationError(error: z.ZodError): AppError {
  const fields: Record<string, string> = {}
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join('.') : '_'
    if (!(key in fields)) fields[key] = issueMessage(issue)
  }
  const first = Object.values(fields)[0] ?? '提交的内容无效'
  return new AppError('VALIDATION', first, fields)
}

function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `包含不支持的字段：${issue.keys.join('、')}`
  // Our schemas give zh-CN messages; zod's English defaults only reach here for shapes the UI
  // never sends (e.g. a number where an object belongs).
  return /[\u4e00-\u9fff]/.test(issue.message) ? issue.message : '提交的内容格式无效'
}
