package dev.chorus.platform.eventstore;

import java.util.List;

/**
 * What became of each stream append of one append statement.
 *
 * @param appended {@code appended.get(i)} is true when the i-th stream append was written whole
 * @param partial  some stream append was written in part (a concurrent writer took one of its versions):
 *                 the transaction cannot commit
 */
public record AppendResult(List<Boolean> appended, boolean partial) {

  public boolean allAppended() {
    return !appended.contains(false);
  }
}
