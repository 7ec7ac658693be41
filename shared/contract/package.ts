// package:* — 数据包 (issue 12 item 6): export a signed, checksummed copy of the street's data (or
// some communities'), and open one on another machine in read-only leader mode. The file travels
// to the backend in chunks like an import (the loopback host takes at most 2 MiB per request).
// Rules and messages: shared/domain/data-package.ts; the format: docs/data-package.md.
import { z } from 'zod'
import { PACKAGE_MAX_BYTES, type PackageManifest } from '../domain/data-package'
import { emptyInput, id, returns } from './common'

import { PACKAGE_CHUNK_BYTES } from './constants'

export { PACKAGE_CHUNK_BYTES }
export const PACKAGE_COMMUNITIES_MAX = 500

const uploadId = z
  .string({ error: '数据包上传编号无效' })
  .regex(/^[A-Za-z0-9_-]{8,64}$/, { error: '数据包上传编号无效' })

export const packageExportInput = z.strictObject(
  {
    /** Empty: the whole street. */
    communityIds: z
      .array(id('社区'), { error: '请选择社区' })
      .max(PACKAGE_COMMUNITIES_MAX, { error: `最多选择 ${PACKAGE_COMMUNITIES_MAX} 个社区` })
      .default([]),
    /** false only for an operator who may unmask (the service refuses anyone else). */
    masked: z.boolean({ error: '“个人信息脱敏”须为是或否' }).default(true),
  },
  { error: '提交的内容格式无效' },
)

export const packageUploadInput = z.strictObject(
  {
    uploadId,
    size: z
      .number({ error: '文件大小无效' })
      .int({ error: '文件大小无效' })
      .min(1, { error: '文件是空的（0 字节），请检查是否选错了文件' })
      .max(PACKAGE_MAX_BYTES, { error: `数据包超过 ${PACKAGE_MAX_BYTES / 1024 / 1024} MB，无法打开` }),
    offset: z.number({ error: '分块位置无效' }).int({ error: '分块位置无效' }).min(0, { error: '分块位置无效' }).max(PACKAGE_MAX_BYTES, { error: '分块位置无效' }),
    /** base64 of at most PACKAGE_CHUNK_BYTES bytes */
    data: z
      .string({ error: '分块内容无效' })
      .min(1, { error: '分块内容无效' })
      .max(Math.ceil(PACKAGE_CHUNK_BYTES / 3) * 4, { error: '分块过大' })
      .regex(/^[A-Za-z0-9+/]*={0,2}$/, { error: '分块内容无效' }),
  },
  { error: '提交的内容格式无效' },
)

export const packageOpenInput = z.strictObject({ uploadId }, { error: '提交的内容格式无效' })

/** What the importer verified and the banner shows. */
export interface PackageInfo {
  /** Who made it (display name and account) and when (local ISO time). */
  createdAt: string
  createdBy: PackageManifest['createdBy']
  appVersion: string
  formatVersion: number
  street: string
  communities: PackageManifest['communities']
  masked: boolean
  counts: Record<string, number>
  /** sha256 of the signing public key, formatted (formatFingerprint). */
  fingerprint: string
  /** Whether that key is this installation's own (a package made on this machine). */
  ownKey: boolean
}

export interface PackageStatus {
  /** true while a package is open: every call is answered from it, read-only. */
  open: boolean
  info?: PackageInfo
}

export interface PackageFile {
  fileName: string
  mime: string
  base64: string
  info: PackageInfo
}

export const packageChannels = {
  'package:export': { input: packageExportInput, result: returns<PackageFile>() },
  'package:upload': { input: packageUploadInput, result: returns<{ received: number; complete: boolean }>() },
  'package:open': { input: packageOpenInput, result: returns<PackageStatus>() },
  'package:status': { input: emptyInput, result: returns<PackageStatus>() },
  'package:close': { input: emptyInput, result: returns<PackageStatus>() },
} as const
