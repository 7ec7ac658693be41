// zh-CN is the source locale: one file per area, joined here. Every en/<area>.ts is typed
// against its zh-CN twin, and a component test compares the key sets.
import app from './app'
import steps from './steps'
import demand from './demand'
import community from './community'
import dashboard from './dashboard'
import overview from './overview'
import backup from './backup'
import audit from './audit'
import privacy from './privacy'
import session from './session'
import operator from './operator'
import street from './street'
import triage from './triage'
import topic from './topic'
import importing from './import'
import search from './search'
import intake from './intake'
import meeting from './meeting'
import people from './people'
import minutes from './minutes'
import task from './task'
import feedback from './feedback'
import history from './history'
import briefing from './briefing'
import pkg from './package'

const zhCN = { ...app, ...steps, ...demand, ...community, ...dashboard, ...overview, ...backup, ...audit, ...privacy, ...session, ...operator, ...street, ...triage, ...topic, ...importing, ...search, ...intake, ...meeting, ...people, ...minutes, ...task, ...feedback, ...history, ...briefing, ...pkg }

export type ZhCNMessages = typeof zhCN
export default zhCN
