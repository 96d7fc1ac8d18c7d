import { SpanKind } from '@opentelemetry/api';
import type { ZkClient } from '../../src/client/index.js';
import { RecipeMetricAttr } from '../../src/observability/attributes.js';
import { logEvent } from '../../src/observability/logger.js';
import { LeaderAttr } from './attributes.js';
import type { LeadershipLossCause } from './errors.js';
import type { Leadership } from './leadership.js';

/**
 * Reports a leadership transition: a short INTERNAL span `zk.leader.elected`
 * or `zk.leader.lost` carrying a span event of the same meaning (`elected` /
 * `lost`) with the participant id and epoch, and one ECS log line
 * (`event.action` `zk.leader.elected` / `zk.leader.lost`). A span per term
 * would live for hours and be exported only at its end, so each transition is
 * its own span. Also keeps the `zookeeper.leader.leadership` up-down counter and
 * the `zookeeper.leader.changes` counter.
 */
export function reportTransition(
  client: ZkClient, recipe: string, path: string, leadership: Leadership, cause?: LeadershipLossCause,
): void {
  const elected = cause === undefined;
  const name = elected ? 'elected' : 'lost';
  const epoch = leadership.epoch.toString();
  const attributes = {
    [LeaderAttr.RECIPE]: recipe,
    [LeaderAttr.PATH]: path,
    [LeaderAttr.PARTICIPANT_ID]: leadership.participantId,
    [LeaderAttr.NODE]: leadership.node,
    [LeaderAttr.EPOCH]: epoch,
    ...(cause ? { [LeaderAttr.CAUSE]: cause } : {}),
  };
  const span = client.telemetry.tracer.startSpan(`zk.leader.${name}`, { kind: SpanKind.INTERNAL, attributes });
  span.addEvent(name, {
    [LeaderAttr.PARTICIPANT_ID]: leadership.participantId,
    [LeaderAttr.EPOCH]: epoch,
    ...(cause ? { [LeaderAttr.CAUSE]: cause } : {}),
  });
  span.end();
  const metrics = client.telemetry.recipes;
  metrics.leadership.add(elected ? 1 : -1);
  metrics.leadershipChanges.add(1, { [RecipeMetricAttr.LEADER_EVENT]: name });
  const who = leadership.participantId === '' ? leadership.node : leadership.participantId;
  logEvent(client.log, elected || cause === 'released' ? 'info' : 'warn',
    elected ? `${who} is leader of ${path} (epoch ${epoch})` : `${who} is no longer leader of ${path}: ${cause}`,
    `zk.leader.${name}`, {
      zookeeper: { path: leadership.node, session_id: client.sessionId },
      leader: { participant_id: leadership.participantId, epoch, ...(cause ? { cause } : {}) },
    }, elected || cause === 'released' ? 'success' : 'failure');
}
