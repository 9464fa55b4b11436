package org.claimscope.importing.bundle;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.function.Function;

/** The transactions a bundle import's steps run in: each one its own, committed when the step returns. */
@ApplicationScoped
public class BundleSteps {
    @PersistenceContext
    EntityManager em;

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public <T> T run(Function<EntityManager, T> work) {
        return work.apply(em);
    }
}
