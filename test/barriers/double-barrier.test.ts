import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BarrierAttr, BarrierTimeoutError, DoubleBarrier, ZkError, type ZkClient } from '../../src/index.js';
import { expireSession } from '../../src/testing/index.js';
import { eventually, uniquePath } from '../support/zk.js';
import { runSoak } from './soak-rounds.js';
import { ArmCounter, childrenOf, MEMBER_NAME, nextNewSession, pause, SuiteServer, track } from './support.js';

const isTimeout = (step: string) => (e: unknown): boolean => e instanceof BarrierTimeoutError && e.code === 'BARRIER_TIMEOUT' && e.step === step;
const names = (barriers: DoubleBarrier[]): string[] => barriers.map((b) => b.memberPath!.split('/').pop()!);

void describe('DoubleBarrier', () => {
  const suite = new SuiteServer();
  const connect = (): Promise<ZkClient> => suite.connect();
  let pool: ZkClient[];

  before(async () => {
    await suite.start();
    pool = await Promise.all(Array.from({ length: 4 }, () => connect()));
  });
  after(() => suite.close());

  void test("writes Curator's layout (ephemeral <uuid> members, persistent ready) and leaves the path empty", async () => {
    const path = uniquePath('layout');
    const [x, y] = [new DoubleBarrier(pool[0], path, { memberCount: 2, memberId: 'worker-x' }), new DoubleBarrier(pool[1], path, { memberCount: 2 })];
    await Promise.all([x.enter(), y.enter()]);
    assert.equal(x.isEntered, true);
    const children = await childrenOf(pool[0], path);
    assert.deepEqual(children, [...names([x, y]), 'ready'].sort());
    for (const name of names([x, y])) assert.match(name, MEMBER_NAME);
    const member = await pool[0].getData(x.memberPath!);
    assert.equal(member.data.toString(), 'worker-x');
    assert.equal(member.stat.ephemeralOwner, pool[0].sessionId);
    assert.match((await pool[0].getData(y.memberPath!)).data.toString(), /^.+-\d+$/, 'default memberId: <hostname>-<pid>');
    assert.equal((await pool[0].getData(`${path}/ready`)).stat.ephemeralOwner, '0', 'ready is persistent');
    await Promise.all([x.leave(), y.leave()]);
    assert.equal(x.isEntered, false);
    assert.deepEqual(await childrenOf(pool[0], path), []);
  });

  void test('8 members over 10 rounds: nobody passes enter before the 8th arrives, nobody returns from leave before all have left', async () => {
    const path = uniquePath('rounds');
    const members = Array.from({ length: 8 }, (_, i) => new DoubleBarrier(pool[i % 4], path, { memberCount: 8, memberId: `m${i}` }));
    for (let round = 0; round < 10; round++) {
      const order = [...members].sort(() => Math.random() - 0.5);
      const entering: ReturnType<typeof track<void>>[] = [];
      for (const [k, member] of order.entries()) {
        if (k === 7) assert.equal(entering.filter((e) => e.settled()).length, 0, `round ${round}: someone passed enter before the 8th arrived`);
        entering.push(track(member.enter({ timeoutMs: 60_000 })));
        await eventually(async () => (await childrenOf(pool[0], path)).filter((c) => c !== 'ready').length >= k + 1 || entering.some((e) => e.settled()));
      }
      assert.ok((await Promise.all(entering.map((e) => e.result))).every((r) => r.ok), `round ${round}: enter failed`);
      const leaving: ReturnType<typeof track<void>>[] = [];
      for (const [k, member] of [...members].sort(() => Math.random() - 0.5).entries()) {
        if (k === 7) assert.equal(leaving.filter((l) => l.settled()).length, 0, `round ${round}: someone returned from leave before all had left`);
        leaving.push(track(member.leave({ timeoutMs: 60_000 })));
        await pause(5);
      }
      assert.ok((await Promise.all(leaving.map((l) => l.result))).every((r) => r.ok), `round ${round}: leave failed`);
    }
    assert.deepEqual(await childrenOf(pool[0], path), []);
  });

  void test('soak: 30 rounds of 8 members looping on their own with give-ups: 0 hung, every timeout honoured', async () => {
    const result = await runSoak({ connect: suite.server.connectString, path: uniquePath('soak'), rounds: 30, blockSize: 10 });
    assert.equal(result.hung, 0);
    assert.deepEqual(result.violations, []);
    assert.deepEqual(result.errors, []);
    assert.equal(result.rounds, 30);
    assert.equal(result.timeoutsHonoured, result.timeoutsExpected);
    assert.equal(result.timeoutsExpected, 21, 'three give-up scenarios of 7 calls each');
  });

  void test('a member that crashes while the others leave does not deadlock them: the lowest, then the highest', async () => {
    for (const crash of ['lowest', 'highest'] as const) {
      const path = uniquePath(`crash-${crash}`);
      const own = await Promise.all([connect(), connect(), connect()]);
      const members = own.map((c, i) => new DoubleBarrier(c, path, { memberCount: 3, memberId: `c${i}` }));
      await Promise.all(members.map((m) => m.enter({ timeoutMs: 30_000 })));
      const sorted = [...names(members)].sort();
      const victim = members[names(members).indexOf(crash === 'lowest' ? sorted[0] : sorted[2])];
      const others = members.filter((m) => m !== victim);
      const leaving = others.map((m) => track(m.leave({ timeoutMs: 30_000 })));
      await pause(100);
      assert.equal(leaving.filter((l) => l.settled()).length, 0, `${crash}: nobody leaves while the victim is in`);
      await own[members.indexOf(victim)].close();
      for (const l of leaving) assert.deepEqual(await l.result, { ok: true, value: undefined }, crash);
      assert.deepEqual(await childrenOf(pool[0], path), [], `${crash}: ready removed too`);
    }
  });

  void test('enter timeout and abort delete our member node before rejecting; the path stays usable', async () => {
    const path = uniquePath('enter-giveup');
    const members = [0, 1, 2].map((i) => new DoubleBarrier(pool[i], path, { memberCount: 3 }));
    const controller = new AbortController();
    const aborted = members[1].enter({ signal: controller.signal });
    await assert.rejects(members[0].enter({ timeoutMs: 300 }), (e: unknown) => isTimeout('enter')(e) && /not all members entered/i.test((e as Error).message));
    controller.abort();
    await assert.rejects(aborted, (e: unknown) => e instanceof Error && e.name === 'AbortError');
    assert.deepEqual(await childrenOf(pool[0], path), []);
    assert.equal(members[0].isEntered, false);
    await Promise.all(members.map((m) => m.enter({ timeoutMs: 30_000 })));
    await Promise.all(members.map((m) => m.leave({ timeoutMs: 30_000 })));
    assert.deepEqual(await childrenOf(pool[0], path), []);
  });

  void test('leave timeout deletes our node and says the others may still be waiting', async () => {
    const path = uniquePath('leave-giveup');
    const [quick, busy] = [new DoubleBarrier(pool[0], path, { memberCount: 2 }), new DoubleBarrier(pool[1], path, { memberCount: 2 })];
    await Promise.all([quick.enter(), busy.enter()]);
    await assert.rejects(quick.leave({ timeoutMs: 300 }), (e: unknown) => isTimeout('leave')(e) && /may still be waiting/.test((e as Error).message));
    assert.equal(quick.isEntered, false);
    assert.deepEqual(await childrenOf(pool[0], path), [names([busy])[0], 'ready'].sort());
    await busy.leave({ timeoutMs: 30_000 });
    assert.deepEqual(await childrenOf(pool[0], path), []);
  });

  void test('session expiry while waiting in enter: a new member node on the new session, and the round completes', async () => {
    const path = uniquePath('expire-enter');
    const own = await connect();
    const early = new DoubleBarrier(own, path, { memberCount: 2 });
    const entering = track(early.enter({ timeoutMs: 60_000 }));
    await eventually(async () => (await childrenOf(pool[0], path)).length === 1);
    const [before] = await childrenOf(pool[0], path);
    const renewed = nextNewSession(own);
    await expireSession(own);
    await renewed;
    await eventually(async () => {
      const now = await childrenOf(pool[0], path);
      return now.length === 1 && now[0] !== before;
    });
    assert.equal((await pool[0].getData(`${path}/${(await childrenOf(pool[0], path))[0]}`)).stat.ephemeralOwner, own.sessionId);
    assert.equal(entering.settled(), false, 'one member is not a full barrier');
    const late = new DoubleBarrier(pool[1], path, { memberCount: 2 });
    await late.enter({ timeoutMs: 30_000 });
    assert.deepEqual(await entering.result, { ok: true, value: undefined });
    await Promise.all([early.leave({ timeoutMs: 30_000 }), late.leave({ timeoutMs: 30_000 })]);
    assert.deepEqual(await childrenOf(pool[0], path), []);
  });

  void test('session expiry while waiting in leave: we have left, and we wait for the others on the new session', async () => {
    for (const role of ['lowest', 'other'] as const) {
      const path = uniquePath(`expire-leave-${role}`);
      const own = await Promise.all([connect(), connect(), connect()]);
      const members = own.map((c) => new DoubleBarrier(c, path, { memberCount: 3 }));
      await Promise.all(members.map((m) => m.enter({ timeoutMs: 30_000 })));
      const sorted = [...names(members)].sort();
      const index = names(members).indexOf(role === 'lowest' ? sorted[0] : sorted[1]);
      const [expiring, client] = [members[index], own[index]];
      // Waiting in leave means a watch armed under the barrier path (after our first listing).
      const arms = new ArmCounter(client, (p) => p.startsWith(path));
      const leaving = track(expiring.leave({ timeoutMs: 60_000 }));
      await eventually(() => arms.armed > 0);
      const renewed = nextNewSession(client);
      await expireSession(client);
      await renewed;
      await pause(200);
      assert.equal(leaving.settled(), false, `${role}: two members are still in`);
      await Promise.all(members.filter((m) => m !== expiring).map((m) => m.leave({ timeoutMs: 30_000 })));
      assert.deepEqual(await leaving.result, { ok: true, value: undefined }, role);
      assert.deepEqual(await childrenOf(pool[0], path), [], role);
    }
  });

  void test('leave after our session ended since enter rejects with SESSION_EXPIRED', async () => {
    const path = uniquePath('expired-between');
    const own = await connect();
    const [gone, other] = [new DoubleBarrier(own, path, { memberCount: 2 }), new DoubleBarrier(pool[1], path, { memberCount: 2 })];
    await Promise.all([gone.enter(), other.enter()]);
    const renewed = nextNewSession(own);
    await expireSession(own);
    await renewed;
    await assert.rejects(gone.leave({ timeoutMs: 30_000 }), (e: unknown) => e instanceof ZkError && e.code === 'SESSION_EXPIRED' && /took us for left/.test(e.message));
    await other.leave({ timeoutMs: 30_000 });
    assert.deepEqual(await childrenOf(pool[0], path), []);
  });

  void test('a late member passes at once when ready exists (memberCount is a threshold)', async () => {
    const path = uniquePath('late');
    const members = [0, 1, 2].map((i) => new DoubleBarrier(pool[i], path, { memberCount: 2 }));
    await Promise.all([members[0].enter(), members[1].enter()]);
    await members[2].enter({ timeoutMs: 30_000 });
    await Promise.all(members.map((m) => m.leave({ timeoutMs: 30_000 })));
    const single = new DoubleBarrier(pool[0], path, { memberCount: 1 });
    await single.enter();
    await single.leave();
    assert.deepEqual(await childrenOf(pool[0], path), []);
  });

  void test('close() ends a waiting enter, deletes our node, and refuses further calls', async () => {
    const path = uniquePath('close');
    const waiting = new DoubleBarrier(pool[0], path, { memberCount: 2 });
    const entering = waiting.enter();
    await eventually(async () => (await childrenOf(pool[0], path)).length === 1);
    await waiting.close();
    await assert.rejects(entering, (e: unknown) => e instanceof ZkError && e.code === 'CLOSED');
    await assert.rejects(waiting.enter(), (e: unknown) => e instanceof ZkError && e.code === 'CLOSED');
    assert.deepEqual(await childrenOf(pool[0], path), []);
    const entered = new DoubleBarrier(pool[0], path, { memberCount: 1 });
    await entered.enter();
    await entered[Symbol.asyncDispose]();
    assert.deepEqual(await childrenOf(pool[0], path), ['ready'], 'closed while entered: our node is gone (ready stays for the others)');
    await pool[0].delete(`${path}/ready`);
  });

  void test('invalid arguments and calls out of order are refused before anything is sent', async () => {
    const path = uniquePath('invalid');
    const bad = (e: unknown): boolean => e instanceof ZkError && e.code === 'INVALID_ARGUMENT';
    for (const memberCount of [0, -1, 1.5, '3', undefined]) {
      assert.throws(() => new DoubleBarrier(pool[0], path, { memberCount } as never), bad, String(memberCount));
    }
    assert.throws(() => new DoubleBarrier(pool[0], path, { memberCount: 2, memberId: 7 } as never), bad);
    assert.throws(() => new DoubleBarrier(pool[0], path, undefined as never), bad);
    assert.throws(() => new DoubleBarrier(pool[0], '/', { memberCount: 2 }), (e: unknown) => e instanceof ZkError && e.code === 'INVALID_PATH');
    const member = new DoubleBarrier(pool[0], path, { memberCount: 1 });
    await assert.rejects(member.leave(), bad);
    await assert.rejects(member.enter({ timeoutMs: Number.NaN }), bad);
    const first = member.enter();
    await assert.rejects(member.enter(), bad, 'concurrent call');
    await first;
    await assert.rejects(member.enter(), bad, 'enter twice');
    await member.leave();
    assert.deepEqual(await childrenOf(pool[0], path), []);
  });

  void test('zk.double_barrier.enter and .leave spans carry path, member count, members seen and outcome', async () => {
    const { client: traced, exporter } = await suite.traced();
    const path = uniquePath('spans');
    const ours = new DoubleBarrier(traced, path, { memberCount: 2 });
    await assert.rejects(ours.enter({ timeoutMs: 100 }), isTimeout('enter'));
    const other = new DoubleBarrier(pool[0], path, { memberCount: 2 });
    await Promise.all([ours.enter(), other.enter()]);
    await Promise.all([ours.leave(), other.leave()]);
    const spans = exporter.getFinishedSpans().filter((s) => s.name.startsWith('zk.double_barrier.'));
    assert.deepEqual(spans.map((s) => [s.name, s.attributes[BarrierAttr.OUTCOME]]), [
      ['zk.double_barrier.enter', 'timeout'], ['zk.double_barrier.enter', 'entered'], ['zk.double_barrier.leave', 'left'],
    ]);
    for (const span of spans) {
      assert.equal(span.attributes[BarrierAttr.PATH], path);
      assert.equal(span.attributes[BarrierAttr.MEMBER_COUNT], 2);
      assert.match(String(span.attributes[BarrierAttr.MEMBER]), MEMBER_NAME);
      assert.equal(span.kind, 0, 'INTERNAL');
    }
    assert.equal(spans[0].attributes[BarrierAttr.MEMBERS_SEEN], 1);
    assert.equal(spans[2].attributes[BarrierAttr.MEMBERS_SEEN], 2, 'both members of the round were in when we started leaving');
    assert.equal(spans[0].status.code, 2, 'the timeout is recorded as an error');
  });
});
