package io.gridalarm.jobs.functions;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.util.Collector;

/**
 * Runs one part of the rule operator that keeps Flink keyed state (a buffer, a queue, a watch) inside a real keyed
 * operator on Flink's heap state backend, one step per element, all under one key, so its tests see real state and
 * timers. Fired timers are collected for the test to assert on.
 */
final class PartHarness<P> implements AutoCloseable {

    /** Builds the part from the operator's runtime context, in {@code open}. */
    interface Factory<P> extends Serializable {
        P create(RuntimeContext context) throws Exception;
    }

    /** Something to do with the part at the step's event time. */
    interface Step<P> {
        void run(P part, TimerService timers) throws Exception;
    }

    /** A step that computes a value. */
    interface Query<P, T> {
        T run(P part, TimerService timers) throws Exception;
    }

    private static final String KEY = "location";

    private final Runner<P> runner;
    private final KeyedOneInputStreamOperatorTestHarness<String, Step<P>, Long> harness;

    PartHarness(Factory<P> factory) throws Exception {
        runner = new Runner<>(factory);
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(runner, step -> KEY, Types.STRING);
    }

    /** Runs a step at the event time. */
    void at(long time, Step<P> step) throws Exception {
        harness.processElement(step, time);
    }

    /** Runs a step at the event time and returns what it computed. */
    <T> T get(long time, Query<P, T> query) throws Exception {
        List<T> result = new ArrayList<>(1);
        at(time, (part, timers) -> result.add(query.run(part, timers)));
        return result.get(0);
    }

    /** Moves the watermark; the timers it passes fire and are listed by {@link #firedTimers()}. */
    void watermark(long time) throws Exception {
        harness.processWatermark(time);
    }

    /** The timers that fired so far, in order. */
    List<Long> firedTimers() {
        return harness.extractOutputValues();
    }

    int timers() {
        return harness.numEventTimeTimers();
    }

    int stateEntries() {
        return harness.numKeyedStateEntries();
    }

    @Override
    public void close() throws Exception {
        harness.close();
    }

    /** The operator's function: builds the part in open, runs steps, reports fired timers. */
    private static final class Runner<P> extends KeyedProcessFunction<String, Step<P>, Long> {
        private static final long serialVersionUID = 1L;
        private final Factory<P> factory;
        private transient P part;

        Runner(Factory<P> factory) {
            this.factory = factory;
        }

        @Override
        public void open(OpenContext openContext) throws Exception {
            part = factory.create(getRuntimeContext());
        }

        @Override
        public void processElement(Step<P> step, Context ctx, Collector<Long> out) throws Exception {
            step.run(part, ctx.timerService());
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<Long> out) {
            out.collect(timestamp);
        }
    }
}
