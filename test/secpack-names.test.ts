/**
 * File names of a checkout: documents, templates, signatures, and which
 * names git's pathspecs `DOC DOC.sig.* DOC.sign.*` give to a document.
 */
import { describe, expect, it } from 'vitest'
import { kindOf, pathspecOwners, signatureName, signerOf } from '../src/secpack/names.js'

describe('secpack names', () => {
  it('tells documents, templates and other files apart', () => {
    expect(kindOf('qsb-080-2022.txt')).toBe('bulletin')
    expect(kindOf('canary-025-2020.txt')).toBe('canary')
    expect(kindOf('qsb-template.txt')).toBe('template')
    expect(kindOf('canary-template.txt')).toBe('template')
    expect(kindOf('xsa-109-risk-graph.dot')).toBe('other')
    expect(kindOf('canary-028-2021-letter-qst.txt')).toBe('other')
    expect(kindOf('qsb-080-2022.txt.sig.simon')).toBe('other')
  })

  it('takes signature names apart, `.sig.` and `.sign.`', () => {
    expect(signatureName('qsb-080-2022.txt.sig.marmarek')).toEqual({ document: 'qsb-080-2022.txt', signer: 'marmarek' })
    expect(signatureName('qsb-017-2015.txt.sign.joanna')).toEqual({ document: 'qsb-017-2015.txt', signer: 'joanna' })
    expect(signatureName('qsb-068-2021.txt.txt.sig.marmarek')).toEqual({ document: 'qsb-068-2021.txt.txt', signer: 'marmarek' })
    expect(signatureName('qsb-080-2022.txt.sig.')).toEqual({ document: 'qsb-080-2022.txt', signer: null })
    expect(signatureName('qsb-080-2022.txt')).toBeNull()
    expect(signatureName('.sig.x')).toBeNull()
  })

  it('gives a name to every document whose pathspecs match it', () => {
    expect(pathspecOwners('a.txt')).toEqual(['a.txt'])
    expect(pathspecOwners('a.txt.sig.x')).toEqual(['a.txt.sig.x', 'a.txt'])
    expect(pathspecOwners('a.txt.sign.x.sig.y')).toEqual(['a.txt.sign.x.sig.y', 'a.txt', 'a.txt.sign.x'])
    expect(pathspecOwners('a.txt.txt.sig.x')).not.toContain('a.txt')
    expect(signerOf('a.txt', 'a.txt.sign.x.sig.y')).toBe('x.sig.y')
  })
})
