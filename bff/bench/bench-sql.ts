/**
 * The benchmarks' own statements, typed and defined here rather than in the `*-bench.ts` entry
 * points (which run on import), so `every-statement.test.ts` prepares them with the rest.
 */
import { sqlRows, sqlRun, sqlTuples } from '#db/sql/typed-sql.ts'

// A plain scan of every order and event: the floor any recompute has to read. Rows as objects,
// as the journey pass reads them.
export const SCAN_ORDERS = sqlRows<{ customer_id: number, status: string, paid_cents: number, ordered_at: number }, []>('select customer_id, status, paid_cents, ordered_at from orders')
export const SCAN_EVENTS = sqlRows<{ customer_id: number, type: string, occurred_at: number, product_id: number | null, duration_seconds: number | null }, []>('select customer_id, type, occurred_at, product_id, duration_seconds from events')

export const MAX_RELATION_ID = sqlTuples<[maxId: number | null], []>('select max(id) from staff_customers')
/** The staff member and customer of one relation, by its id. */
export const RELATION_PAIR = sqlRows<{ userId: string, externalUserId: string }, [relationId: number]>(`
    select s.user_id as userId, i.value as externalUserId
    from staff_customers sc
    join staff s on s.id = sc.staff_id
    join customer_identities i on i.customer_id = sc.customer_id and i.kind = 'external_userid'
    where sc.id = ?`)

export const HAS_TASK_HISTORY = sqlTuples<[one: number], []>(`select 1 from tasks where key like 'history:%' limit 1`)
/** The led department whose members have the most tasks, its leader, and the figures that make it large. */
export const LARGEST_DEPARTMENT = sqlRows<{ departmentId: number, name: string, leader: string, staff: number, tasks: number, customers: number }, []>(`select d.id as departmentId, d.name, s.user_id as leader,
        (select count(*) from staff m where m.department_id = d.id) as staff,
        (select count(*) from tasks t join staff m on m.id = t.staff_id where m.department_id = d.id) as tasks,
        (select count(distinct sc.customer_id) from staff_customers sc join staff m on m.id = sc.staff_id where m.department_id = d.id) as customers
      from department_leaders l join departments d on d.id = l.department_id join staff s on s.id = l.staff_id
      order by tasks desc limit 1`)

// The ingest benchmark's dataset: one department, one staff member, customers each with an openid.
export const INGEST_SEED = {
  department: sqlRun<[]>(`insert into departments (id, name) values (1, '华东一部')`),
  staff: sqlRun<[]>(`insert into staff (id, user_id, name, department_id) values (1, 'zhangli', '张丽', 1)`),
  customer: sqlRun<[id: number, name: string, createdAt: number, updatedAt: number]>('insert into customers (id, name, created_at, updated_at) values (?, ?, ?, ?)'),
  identity: sqlRun<[customerId: number, openId: string, createdAt: number]>(`insert into customer_identities (customer_id, kind, value, created_at) values (?, 'openid', ?, ?)`),
  relation: sqlRun<[customerId: number, firstAddedAt: number]>('insert into staff_customers (staff_id, customer_id, first_added_at) values (1, ?, ?)'),
  historyEvent: sqlRun<[customerId: number, occurredAt: number, key: string]>(`insert into events (customer_id, type, touchpoint, occurred_at, title, idempotency_key) values (?, 'product_view', 'mall', ?, '历史浏览', ?)`),
}

/** The rows the ingest API would write, inserted directly: the floor for its rate. */
export const RAW_EVENT = sqlRun<[customerId: number, type: string, occurredAt: number, title: string, url: string, seconds: number, content: string, key: string]>(`insert into events (customer_id, type, touchpoint, occurred_at, title, url, duration_seconds, content, idempotency_key)
    values (?, ?, 'moments', ?, ?, ?, ?, ?, ?)`)

/** Events in a range of idempotency keys (the unique index makes it a range scan). */
export const DELETE_EVENTS_BY_KEY = sqlRun<[from: string, to: string]>('delete from events where idempotency_key >= ? and idempotency_key < ?')
